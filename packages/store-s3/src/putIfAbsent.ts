/**
 * The `ifAbsent` write: the first writer of a key wins and later ones get false. S3 makes
 * this atomic with a conditional PUT (`If-None-Match: *`); servers without conditional
 * writes are covered by a HEAD first.
 * @module
 */
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Whether the server may still honour `If-None-Match: *`; cleared on its first refusal. */
export interface ConditionalWrites {
  supported: boolean;
}

/** Where an object goes: the bucket and the full S3 key. */
export interface S3Target {
  readonly Bucket: string;
  readonly Key: string;
}

/** AWS asks clients to retry a conditional PUT that met a concurrent write (409). */
const CONFLICT_ATTEMPTS = 3;

/**
 * Stores `body` at `target` unless an object is there; true when this call wrote it.
 *
 * The HEAD runs first on every server: it spares the upload when the object exists,
 * and it is the only guard on servers that accept the `If-None-Match` header but ignore
 * it on PUT (s3rver does; so may older releases of other S3-compatible servers). There,
 * two writers racing between their HEAD and their PUT may both get true and the later
 * PUT replaces the earlier object: that window is the price of such a server. Servers
 * with conditional writes (AWS S3 since August 2024, recent MinIO) reject the later PUT
 * with 412, so exactly one writer wins. A server that refuses the header outright (501) is
 * remembered in `conditional` and gets plain PUTs from then on.
 */
export async function putIfAbsent(
  client: S3Client,
  target: S3Target,
  body: Uint8Array,
  conditional: ConditionalWrites,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    if (await exists(client, target)) return false;
    const useCondition = conditional.supported;
    try {
      await client.send(
        new PutObjectCommand({
          ...target,
          Body: body,
          ...(useCondition ? { IfNoneMatch: '*' } : {}),
        }),
      );
      return true;
    } catch (error) {
      const { name, status } = errorOf(error);
      if (name === 'PreconditionFailed' || status === 412) return false;
      if (useCondition && (name === 'NotImplemented' || status === 501)) {
        conditional.supported = false;
        continue;
      }
      if (name === 'ConditionalRequestConflict' && attempt < CONFLICT_ATTEMPTS) continue;
      throw error;
    }
  }
}

async function exists(client: S3Client, target: S3Target): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand(target));
    return true;
  } catch (error) {
    // A missing bucket is a 404 too: the PUT that follows reports it as NoSuchBucket.
    if (errorOf(error).status === 404) return false;
    throw error;
  }
}

function errorOf(error: unknown): { name?: string; status?: number } {
  const sdk = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return { name: sdk?.name, status: sdk?.$metadata?.httpStatusCode };
}
