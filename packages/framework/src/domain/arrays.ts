/**
 * In-place array edits for the order path's small, ever-changing lists. V8 gives an
 * array whose `length` is set to 0 an empty store, so the next `push` allocates a new
 * one, and `splice` allocates the array of removed items; these helpers do neither.
 * @module
 */

/** Removes the first `item` (by identity) from `list`; false when it is not there. */
export function removeItem<T>(list: T[], item: T): boolean {
  const at = list.indexOf(item);
  if (at < 0) return false;
  for (let i = at + 1; i < list.length; i++) list[i - 1] = list[i]!;
  list.pop();
  return true;
}

/** Shortens `list` to `length` items, keeping its store (unlike `list.length = length`). */
export function truncate<T>(list: T[], length: number): void {
  while (list.length > length) list.pop();
}
