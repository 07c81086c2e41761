/**
 * The acceptance of this backend: the S3 store passes the same store tests as the local
 * folder. The server is s3rver answering conditional PUTs as AWS S3 does, since the
 * contract races `ifAbsent` writers and only a server with conditional writes settles
 * such races (plain s3rver ignores `If-None-Match`: see `putIfAbsent`).
 */
import { describeBarStoreContract } from '@moex-bot/framework/testing/store-contract';
import { afterAll, beforeAll } from 'vitest';
import { createS3ObjectStore } from './createS3ObjectStore.js';
import { type S3ServerFixture, startS3Server } from './s3Server.fixture.js';

let server: S3ServerFixture | undefined;
let stores = 0;

beforeAll(async () => {
  server = await startS3Server({ conditionalWrites: 'honoured' });
});
afterAll(async () => {
  await server?.stop();
});

// Each test gets a prefix of its own, so an empty store; the server's folder goes at the end.
describeBarStoreContract('S3 (s3rver with conditional writes)', async () => ({
  store: createS3ObjectStore(server!.storeOptions(`contract-${++stores}`)),
  cleanup: async () => {},
}));
