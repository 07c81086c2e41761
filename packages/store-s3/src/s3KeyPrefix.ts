/**
 * Where the store's keys live inside the bucket: `<prefix>/<key>`, with one slash
 * between the two whatever the configured prefix looks like.
 * @module
 */

/**
 * The text put before every store key: `''` for an empty prefix, else the prefix without
 * leading or trailing slashes followed by one `/` (`data`, `data/` and `/data/` all give
 * `data/`), so no key ever holds a double slash.
 */
export function s3KeyPrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}
