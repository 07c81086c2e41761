import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from './idIndex.js';

describe('IdIndex', () => {
  it('behaves like an insertion-ordered Map, below and above the size where it indexes', () => {
    const opArb = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id: fc.integer({ min: 0, max: 60 }) }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 60 }) }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
        const index = new IdIndex<{ id: string }>();
        const model = new Map<string, { id: string }>();
        for (const op of ops) {
          const id = `o-${op.id}`;
          if (op.kind === 'add') {
            // Callers check before adding: ids are unique in the index.
            if (model.has(id)) continue;
            const item = { id };
            index.add(item);
            model.set(id, item);
          } else {
            const item = model.get(id);
            expect(index.delete(item ?? { id })).toBe(item !== undefined);
            model.delete(id);
          }
          expect(index.size).toBe(model.size);
          expect(index.values()).toEqual([...model.values()]);
          for (let probe = 0; probe <= 60; probe += 7) {
            // A different string object with the same text must be found too.
            const key = ['o', String(probe)].join('-');
            expect(index.get(key)).toBe(model.get(key));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
