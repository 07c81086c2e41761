/**
 * A keyed collection for open orders: entries by `id`, in insertion order.
 * @module
 */
import { removeItem } from './arrays.js';

/** Above this many entries lookups go through a Map; below `UNINDEX_BELOW` it is dropped again. */
const INDEX_ABOVE = 16;
const UNINDEX_BELOW = 8;

/**
 * Entries keyed by their `id`, in insertion order, for collections that are usually
 * tiny and change on every order (open orders, resting orders). A `Map` that keeps
 * gaining and losing its only entry reallocates its hash table again and again; here a
 * handful of entries is an array scanned by id, and only a large collection also keeps
 * a `Map` to find entries in O(1). Ids must be unique: callers check before adding.
 */
export class IdIndex<T extends { readonly id: string }> {
  private readonly items: T[] = [];
  private byId: Map<string, T> | undefined;

  get size(): number {
    return this.items.length;
  }

  /** The entry with this id, if any. */
  get(id: string): T | undefined {
    if (this.byId !== undefined) return this.byId.get(id);
    const items = this.items;
    for (let i = 0; i < items.length; i++) if (items[i]!.id === id) return items[i];
    return undefined;
  }

  /** Adds an entry whose id is not in the index yet. */
  add(item: T): void {
    this.items.push(item);
    if (this.byId !== undefined) this.byId.set(item.id, item);
    else if (this.items.length > INDEX_ABOVE) {
      this.byId = new Map();
      for (const entry of this.items) this.byId.set(entry.id, entry);
    }
  }

  /** Removes this entry (by identity); false when it is not in the index. */
  delete(item: T): boolean {
    if (!removeItem(this.items, item)) return false;
    if (this.byId !== undefined) {
      this.byId.delete(item.id);
      if (this.items.length < UNINDEX_BELOW) this.byId = undefined;
    }
    return true;
  }

  /** The entries in insertion order: a live view, not to be changed by the caller. */
  values(): readonly T[] {
    return this.items;
  }
}
