/**
 * Where the market-data store keeps its bytes: a flat space of keys (`a/b/c.parquet`)
 * holding immutable objects. A local folder by default; `@moex-bot/store-s3` puts the
 * same keys in an S3-compatible bucket. The store above never overwrites an object:
 * data files are named by their content, manifests by their version.
 * @module
 */

/** A backend of the market-data store. */
export interface ObjectStore {
  /** Where the objects are, for messages: `folder /home/me/bot/data`, `s3://bucket/prefix`. */
  readonly description: string;
  /** The object's bytes, or undefined when there is no object under `key`. */
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Stores `body` under `key`. With `ifAbsent`, an existing object is left as it is and
   * false is returned (two writers racing for one manifest version: one wins).
   */
  put(key: string, body: Uint8Array, options?: { readonly ifAbsent?: boolean }): Promise<boolean>;
  /** Keys under `prefix` (a folder-like prefix ending in `/`, or empty for all), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Releases connections; the store is not used afterwards. */
  close?(): Promise<void>;
}

/** Keys are relative, slash-separated, without `.` or `..` segments. */
export function assertObjectKey(key: string): void {
  if (
    key === '' ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`invalid store key ${JSON.stringify(key)}`);
  }
}
