/**
 * A real S3 server for this package's tests: s3rver on an ephemeral loopback port, with
 * one bucket in a temporary folder. s3rver accepts `If-None-Match` on PUT and ignores it;
 * `conditionalWrites` makes the fixture answer such PUTs the way AWS S3 does (412 when the
 * object exists) or the way a server without them does (501).
 *
 * s3rver 3.7 encrypts ListObjectsV2 continuation tokens with single DES, which the
 * OpenSSL 3 of Node 17+ only has in its legacy provider: every listing longer than one
 * page fails with InternalError. `singleDesAsTripleDes` fixes that in the test process.
 * @module
 */
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The part of s3rver's (untyped, CommonJS) API the fixture uses. */
interface S3rver {
  configureBuckets(): Promise<void>;
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  readonly store: { existsObject(bucket: string, key: string): Promise<boolean> };
  readonly logger: { close(): void };
}
type S3rverClass = new (options: {
  silent: boolean;
  directory: string;
  configureBuckets: readonly { name: string }[];
}) => S3rver;

const S3rverServer = createRequire(import.meta.url)('s3rver') as S3rverClass;

/** How PUTs with `If-None-Match: *` are answered. */
export type ConditionalWritesMode = 'ignored' | 'honoured' | 'unsupported';

export interface S3ServerFixture {
  /** `http://127.0.0.1:<port>`; the bucket goes in the path (`forcePathStyle: true`). */
  readonly endpoint: string;
  readonly bucket: string;
  /** s3rver knows one access key id, `S3RVER`; it does not check v4 signatures. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Store options for a store in this server's bucket under `prefix`. */
  storeOptions(prefix: string): {
    bucket: string;
    prefix: string;
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

/** Starts s3rver with `bucket` in a fresh temporary folder; `stop()` removes the folder. */
// The AWS SDK warns once per process that it will soon need Node 22; the tests know.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export async function startS3Server(
  options: { bucket?: string; conditionalWrites?: ConditionalWritesMode } = {},
): Promise<S3ServerFixture> {
  const bucket = options.bucket ?? 'market-data';
  const mode = options.conditionalWrites ?? 'ignored';
  singleDesAsTripleDes();
  const directory = await mkdtemp(path.join(tmpdir(), 'moex-bot-s3rver-'));
  const s3rver = new S3rverServer({
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  // Our own HTTP server rather than s3rver.run(): it takes port 0 on 127.0.0.1, lets the
  // fixture answer conditional PUTs first, and can drop the SDK's keep-alive sockets on stop.
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const locks = new Map<string, Promise<void>>();
  const server = createServer((request, response) => {
    const target = conditionalPut(request);
    if (target === undefined || mode === 'ignored') return handle(request, response);
    if (mode === 'unsupported') return reply(request, response, 501, 'NotImplemented');
    // One conditional PUT per key at a time, from the existence check to the response,
    // so racing writers see each other as S3 makes them do.
    const id = `${target.bucket}/${target.key}`;
    const previous = locks.get(id) ?? Promise.resolve();
    const done = previous.then(async () => {
      try {
        if (await s3rver.store.existsObject(target.bucket, target.key)) {
          reply(request, response, 412, 'PreconditionFailed');
          return;
        }
      } catch {
        reply(request, response, 500, 'InternalError');
        return;
      }
      await new Promise<void>((resolve) => {
        response.on('close', resolve);
        handle(request, response);
      });
    });
    locks.set(id, done);
    void done.finally(() => {
      if (locks.get(id) === done) locks.delete(id);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    bucket,
    credentials,
    storeOptions: (prefix) => ({
      bucket,
      prefix,
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials,
    }),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      s3rver.logger.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Bucket and key of a path-style PUT with `If-None-Match: *`. */
function conditionalPut(request: IncomingMessage): { bucket: string; key: string } | undefined {
  if (request.method !== 'PUT' || request.headers['if-none-match'] !== '*') return undefined;
  const [bucket = '', ...key] = new URL(request.url ?? '/', 'http://s3').pathname
    .slice(1)
    .split('/')
    .map(decodeURIComponent);
  return key.length === 0 ? undefined : { bucket, key: key.join('/') };
}

function reply(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  code: string,
): void {
  request.resume(); // the body is not wanted, but the client is still sending it
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code} (test server)</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml' }).end(body);
}

/**
 * DES-CBC under key K is DES-EDE3-CBC under K‖K‖K (encrypt, decrypt, encrypt with one
 * key is one encryption), and triple DES is still in OpenSSL 3's default provider. Only
 * the `des` algorithm is redirected, and only when this Node cannot run it, so nothing
 * else in the process sees a difference.
 */
function singleDesAsTripleDes(): void {
  const key = Buffer.alloc(8);
  try {
    crypto.createCipheriv('des', key, key);
    return; // supported (already patched, or a legacy-provider build)
  } catch {
    // fall through: patch
  }
  type Factory = (algorithm: string, key: Buffer, iv: Buffer | null, options?: object) => unknown;
  const redirect =
    (original: Factory): Factory =>
    (algorithm, key, iv, options) =>
      algorithm.toLowerCase() === 'des'
        ? original('des-ede3-cbc', Buffer.concat([key, key, key]), iv, options)
        : original(algorithm, key, iv, options);
  const patched = crypto as unknown as Record<'createCipheriv' | 'createDecipheriv', Factory>;
  patched.createCipheriv = redirect(patched.createCipheriv);
  patched.createDecipheriv = redirect(patched.createDecipheriv);
}
