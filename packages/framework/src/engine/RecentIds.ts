/**
 * The last N ids seen, for dropping repeated reports. A live session runs for months:
 * a plain set of every execution id would grow without end, while a venue repeats an
 * execution only shortly after it (a stream replay, a poll after the stream). Older
 * repeats are caught by the state store (`StateStore.hasExecution`) on reconciliation.
 * @module
 */
export class RecentIds {
  private readonly seen = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(readonly capacity = 100_000) {
    this.ring = new Array<string | undefined>(capacity);
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Adds `id`; false when it was already there. Forgets the oldest id when full. */
  add(id: string): boolean {
    if (this.seen.has(id)) return false;
    const oldest = this.ring[this.next];
    if (oldest !== undefined) this.seen.delete(oldest);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.seen.add(id);
    return true;
  }
}
