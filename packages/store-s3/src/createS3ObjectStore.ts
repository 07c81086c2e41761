/**
 * The S3 backend of the market-data store: store keys become `<prefix>/<key>` objects in
 * one bucket of AWS S3 or an S3-compatible server (MinIO, Ceph, s3rver).
 * @module
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  assertObjectKey,
  MoexBotError,
  type ObjectStore,
  type S3StoreLocation,
} from '@moex-bot/framework';
import { describeS3Error } from './describeS3Error.js';
import { type ConditionalWrites, putIfAbsent } from './putIfAbsent.js';
import { s3KeyPrefix } from './s3KeyPrefix.js';

/** Where the store is (the `data.store.s3` config section), plus what tests and hosts may set. */
export interface S3ObjectStoreOptions extends S3StoreLocation {
  /**
   * Explicit credentials. Omit them in production: the AWS SDK then reads
   * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE` and the other usual sources.
   */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** Attempts per request, retries of throttling and network errors included (default 3). */
  readonly maxAttempts?: number;
  /** How long to wait for a TCP connection before failing the attempt (default 10 s). */
  readonly connectionTimeoutMs?: number;
}

const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/**
 * A market-data store backend in an S3 bucket. Missing objects read as undefined,
 * `ifAbsent` writes never replace an object (see `putIfAbsent` for servers without
 * conditional writes), and every failure is a `DATA_STORE_UNREADABLE` error naming the
 * bucket, the operation and the S3 or network error code, never a secret.
 *
 * @example
 * ```ts
 * import { createS3ObjectStore } from '@moex-bot/store-s3';
 *
 * const store = createS3ObjectStore({
 *   bucket: 'market-data',
 *   prefix: 'moex',
 *   endpoint: 'http://127.0.0.1:9000', // MinIO
 *   region: 'us-east-1',
 *   forcePathStyle: true,
 * });
 * await store.put('manifests/v1.json', new TextEncoder().encode('{}'), { ifAbsent: true });
 * console.log(await store.list('manifests/')); // ['manifests/v1.json']
 * await store.close?.();
 * ```
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const { bucket } = options;
  const keyPrefix = s3KeyPrefix(options.prefix);
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    // Recent SDKs send a CRC32 checksum with every upload, as an aws-chunked trailer that
    // many S3-compatible servers reject; checksums stay on where an operation requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    },
  });
  const description = `s3://${bucket}/${keyPrefix.slice(0, -1)} (${where(options)})`;
  const secrets = [
    options.credentials?.secretAccessKey,
    options.credentials?.sessionToken,
    process.env.AWS_SECRET_ACCESS_KEY,
    process.env.AWS_SESSION_TOKEN,
  ].filter((secret): secret is string => secret !== undefined && secret !== '');
  const failed = (what: string, error: unknown): never => {
    throw new MoexBotError(
      'DATA_STORE_UNREADABLE',
      `market-data store ${description}: cannot ${what} (${describeS3Error(error, secrets)})`,
      { cause: error },
    );
  };
  const target = (key: string) => {
    assertObjectKey(key);
    return { Bucket: bucket, Key: `${keyPrefix}${key}` };
  };
  const conditional: ConditionalWrites = { supported: true };

  return {
    description,
    async get(key) {
      const object = target(key);
      try {
        const answer = await client.send(new GetObjectCommand(object));
        return answer.Body === undefined
          ? new Uint8Array()
          : await answer.Body.transformToByteArray();
      } catch (error) {
        // Only a missing key is "no object": a missing bucket is a 404 too, named NoSuchBucket.
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        return failed(`read ${key}`, error);
      }
    },
    async put(key, body, putOptions = {}) {
      const object = target(key);
      try {
        if (putOptions.ifAbsent) return await putIfAbsent(client, object, body, conditional);
        await client.send(new PutObjectCommand({ ...object, Body: body }));
        return true;
      } catch (error) {
        return failed(`write ${key}`, error);
      }
    },
    async list(prefix) {
      // Same rule as the local store: the folder part of the prefix must be a valid key.
      if (prefix.includes('/')) assertObjectKey(prefix.slice(0, prefix.lastIndexOf('/')));
      const keys: string[] = [];
      let continuationToken: string | undefined;
      try {
        do {
          const page = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: `${keyPrefix}${prefix}`,
              ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
            }),
          );
          for (const { Key } of page.Contents ?? []) {
            // Keys ending in `/` are the folder markers consoles create, not objects of ours.
            if (Key !== undefined && !Key.endsWith('/')) keys.push(Key.slice(keyPrefix.length));
          }
          continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (continuationToken !== undefined);
      } catch (error) {
        return failed(`list ${prefix || '/'}`, error);
      }
      return keys.sort();
    },
    async close() {
      client.destroy();
    },
  };
}

/** The endpoint without any `user:password@` part, or the AWS region. */
function where(options: S3ObjectStoreOptions): string {
  if (options.endpoint === undefined) return `AWS ${options.region}`;
  try {
    const url = new URL(options.endpoint);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return options.endpoint.replace(/\/\/[^/@]*@/, '//');
  }
}
