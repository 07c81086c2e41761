import { describe, expect, it } from 'vitest';
import { RecentIds } from './RecentIds.js';

describe('RecentIds', () => {
  it('reports a repeat within its capacity and forgets the oldest beyond it', () => {
    const ids = new RecentIds(3);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('a')).toBe(false);
    ids.add('b');
    ids.add('c');
    expect(ids.has('a')).toBe(true);
    ids.add('d'); // evicts a
    expect(ids.has('a')).toBe(false);
    expect(ids.has('b')).toBe(true);
    expect(ids.add('a')).toBe(true);
    expect(ids.has('b')).toBe(false);
  });
});
