import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import type { ObjectStore } from '@moex-bot/framework';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3ObjectStore, type S3ObjectStoreOptions } from './createS3ObjectStore.js';
import {
  type ConditionalWritesMode,
  type S3ServerFixture,
  startS3Server,
} from './s3Server.fixture.js';

const UNREADABLE = 'MOEXBOT_ERR_DATA_STORE_UNREADABLE';
const SECRET = 'sEcReT-never-in-a-message-0123456789';
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (body: Uint8Array | undefined) => body && new TextDecoder().decode(body);

/** A server of the given kind, and stores in its bucket that are closed after the suite. */
function useServer(conditionalWrites: ConditionalWritesMode = 'ignored') {
  let server: S3ServerFixture | undefined;
  const stores: ObjectStore[] = [];
  let opened = 0;
  beforeAll(async () => {
    server = await startS3Server({ conditionalWrites });
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close?.()));
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    /** A store under a prefix of its own (`test-1`, `test-2` …) unless one is given. */
    open(prefix = `test-${++opened}`, options: Partial<S3ObjectStoreOptions> = {}) {
      const store = createS3ObjectStore({ ...server!.storeOptions(prefix), ...options });
      stores.push(store);
      return store;
    },
  };
}

/** The rejection of `promise`, after checking it is the store's error. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (reason: unknown) => reason as Error,
  );
  expect(error).toMatchObject({ code: UNREADABLE });
  // The message, the SDK error it wraps and everything hanging off them.
  expect(inspect(error, { depth: 8 })).not.toContain(SECRET);
  return error;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('createS3ObjectStore on s3rver', () => {
  const s3 = useServer();

  it('reads a missing key as undefined', async () => {
    const store = s3.open();
    expect(await store.get('bars/SBER/missing.parquet')).toBeUndefined();
  });

  it('returns the bytes it stored: every byte value, and 256 KiB of random ones', async () => {
    const store = s3.open();
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    const random = new Uint8Array(randomBytes(256 * 1024));
    expect(await store.put('a/every-byte.bin', everyByte)).toBe(true);
    expect(await store.put('a/random.bin', random)).toBe(true);
    expect(await store.put('a/empty.bin', new Uint8Array())).toBe(true);
    expect(await store.get('a/every-byte.bin')).toEqual(everyByte);
    expect(await store.get('a/random.bin')).toEqual(random);
    expect(await store.get('a/empty.bin')).toEqual(new Uint8Array());
  });

  it('replaces an object on a plain put', async () => {
    const store = s3.open();
    expect(await store.put('k.json', bytes('first'))).toBe(true);
    expect(await store.put('k.json', bytes('second'))).toBe(true);
    expect(text(await store.get('k.json'))).toBe('second');
  });

  it('with ifAbsent, writes a new key but leaves an existing object alone and says so', async () => {
    const store = s3.open();
    expect(await store.put('manifests/v1.json', bytes('first'), { ifAbsent: true })).toBe(true);
    expect(await store.put('manifests/v1.json', bytes('second'), { ifAbsent: true })).toBe(false);
    expect(text(await store.get('manifests/v1.json'))).toBe('first');
  });

  it('lists the keys under a prefix, sorted, without the store prefix', async () => {
    const store = s3.open();
    for (const key of ['c', 'a/2', 'a/10', 'a/1', 'ab', 'b/x/y']) {
      await store.put(key, bytes(key));
    }
    expect(await store.list('')).toEqual(['a/1', 'a/10', 'a/2', 'ab', 'b/x/y', 'c']);
    expect(await store.list('a/')).toEqual(['a/1', 'a/10', 'a/2']);
    expect(await store.list('a')).toEqual(['a/1', 'a/10', 'a/2', 'ab']);
    expect(await store.list('b/x/')).toEqual(['b/x/y']);
    expect(await store.list('nothing/')).toEqual([]);
  });

  it('pages through more than 1,000 keys (s3rver, like S3, answers 1,000 at most)', async () => {
    const store = s3.open();
    const keys = Array.from(
      { length: 1_010 },
      (_, i) => `bars/${String(i).padStart(4, '0')}.parquet`,
    );
    const pending = [...keys];
    const writer = async () => {
      for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
        await store.put(key, bytes(key));
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    await store.put('other/x', bytes('x'));
    expect(await store.list('bars/')).toEqual(keys);
    expect(await store.list('')).toHaveLength(1_011);
  }, 60_000);

  it('puts keys at <prefix>/<key> with one slash whatever the prefix looks like', async () => {
    const root = s3.open('');
    const plain = s3.open('p');
    expect(plain.description).toBe(`s3://${s3.server.bucket}/p (${s3.server.endpoint})`);
    await plain.put('k1', bytes('1'));
    await s3.open('p/').put('k2', bytes('2'));
    await s3.open('/p/').put('k3', bytes('3'));
    await s3.open('pq').put('k4', bytes('4'));
    expect((await root.list('p')).sort()).toEqual(['p/k1', 'p/k2', 'p/k3', 'pq/k4']);
    // `p` is a folder: the objects of `pq` are not the store's.
    expect(await plain.list('')).toEqual(['k1', 'k2', 'k3']);
    expect(text(await plain.get('k3'))).toBe('3');
    await root.put('top', bytes('top'));
    expect(await root.list('top')).toEqual(['top']);
    expect(root.description).toBe(`s3://${s3.server.bucket}/ (${s3.server.endpoint})`);
  });

  it('refuses keys that are not relative slash-separated paths', async () => {
    const store = s3.open();
    for (const key of ['', '/abs', 'a//b', '../up', 'a/./b', 'back\\slash']) {
      await expect(store.get(key)).rejects.toThrow(/invalid store key/);
      await expect(store.put(key, bytes('x'))).rejects.toThrow(/invalid store key/);
    }
    await expect(store.list('../')).rejects.toThrow(/invalid store key/);
  });

  it('does not show a password written into the endpoint URL', () => {
    const endpoint = s3.server.endpoint.replace('//', `//user:${SECRET}@`);
    const store = s3.open('x', { endpoint });
    expect(store.description).toBe(`s3://${s3.server.bucket}/x (${s3.server.endpoint})`);
  });
});

describe('ifAbsent on a server with conditional writes (as AWS S3)', () => {
  const s3 = useServer('honoured');

  it('lets exactly one of racing writers win', async () => {
    const writers = Array.from({ length: 8 }, () => s3.open('race'));
    const results = await Promise.all(
      writers.map((store, i) =>
        store.put('manifests/v7.json', bytes(`writer ${i}`), { ifAbsent: true }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(text(await writers[0]!.get('manifests/v7.json'))).toBe(
      `writer ${results.indexOf(true)}`,
    );
  });
});

describe('ifAbsent on a server that refuses If-None-Match (501)', () => {
  const s3 = useServer('unsupported');

  it('falls back to HEAD then PUT', async () => {
    const store = s3.open();
    expect(await store.put('m/v1.json', bytes('first'), { ifAbsent: true })).toBe(true);
    expect(await store.put('m/v1.json', bytes('second'), { ifAbsent: true })).toBe(false);
    expect(await store.put('m/v2.json', bytes('third'), { ifAbsent: true })).toBe(true);
    expect(text(await store.get('m/v1.json'))).toBe('first');
    expect(text(await store.get('m/v2.json'))).toBe('third');
  });
});

describe('store errors', () => {
  const s3 = useServer();
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: SECRET };
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('names the store, the operation and NoSuchBucket for a missing bucket', async () => {
    const store = s3.open('data', { bucket: 'no-such-bucket', credentials });
    const where = `market-data store s3://no-such-bucket/data \\(${s3.server.endpoint}\\)`;
    const reason = '\\(NoSuchBucket, HTTP 404: the bucket does not exist\\)';
    expect((await failure(store.get('a/b'))).message).toMatch(
      new RegExp(`^${where}: cannot read a/b ${reason}$`),
    );
    expect((await failure(store.put('a/b', bytes('x')))).message).toMatch(
      new RegExp(`^${where}: cannot write a/b ${reason}$`),
    );
    expect((await failure(store.put('a/b', bytes('x'), { ifAbsent: true }))).message).toMatch(
      new RegExp(`^${where}: cannot write a/b ${reason}$`),
    );
    expect((await failure(store.list('a/'))).message).toMatch(
      new RegExp(`^${where}: cannot list a/ ${reason}$`),
    );
  });

  it('says the endpoint is unreachable, quickly with one attempt', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const store = s3.open('data', { endpoint, credentials, maxAttempts: 1 });
    const started = Date.now();
    const error = await failure(store.get('k'));
    expect(error.message).toBe(
      `market-data store s3://${s3.server.bucket}/data (${endpoint}): cannot read k (ECONNREFUSED: the endpoint is unreachable (connection refused))`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    await failure(store.list(''));
  });

  it('gives the S3 error code when the server refuses the credentials', async () => {
    const store = s3.open('data', {
      credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: SECRET },
    });
    expect((await failure(store.get('k'))).message).toMatch(
      /cannot read k \(InvalidAccessKeyId, HTTP 403: the server does not know the access key id\)$/,
    );
    expect((await failure(store.put('k', bytes('x'), { ifAbsent: true }))).message).toMatch(
      /cannot write k \(Forbidden, HTTP 403: access denied: check the credentials and the bucket policy\)$/,
    );
  });

  it('tells where credentials come from when there are none', async () => {
    // Every source of the SDK's default chain, emptied: environment, files, containers, EC2.
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_ROLE_ARN',
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    ]) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/moex-bot/credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/moex-bot/config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const { credentials: _none, ...options } = s3.server.storeOptions('data');
    const store = createS3ObjectStore({ ...options, maxAttempts: 1 });
    try {
      expect((await failure(store.get('k'))).message).toMatch(
        /cannot read k \(CredentialsProviderError: no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE\)$/,
      );
    } finally {
      await store.close?.();
    }
  });
});
