import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeBars } from '../market/mergeBars.js';
import type { BarStore } from './barStore.js';
import { bars, collect, tempStore } from './data.fixture.js';
import { storeFeed } from './storeFeed.js';

const T0 = Date.UTC(2026, 7, 31, 20, 0);
const id = (instrument: string) => ({ source: 'csv', interval: '1m', instrument });

describe('storeFeed', () => {
  let store: BarStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await tempStore({ rowGroupSize: 64 }));
  });
  afterEach(() => cleanup());

  it('merges dataset versions by time, as instrument uids, with an exact total', async () => {
    const sber = bars('SBER', 400, T0);
    const gazp = bars('GAZP', 150, T0 + 100 * 60_000, { stepMs: 120_000 });
    await store.write(id('SBER'), sber);
    await store.write(id('GAZP'), gazp);
    const asUid = (series: typeof sber, uid: string) =>
      series.map((b) => ({ ...b, instrument: uid }));
    const feed = await storeFeed(store, [
      { dataset: id('SBER'), version: 1, instrument: 'uid-sber' },
      { dataset: id('GAZP'), version: 1, instrument: 'uid-gazp' },
    ]);
    const expected = mergeBars([asUid(sber, 'uid-sber'), asUid(gazp, 'uid-gazp')]);
    expect(feed.total).toBe(550);
    expect(await collect(feed.batches())).toEqual(expected);

    // A period cutting through both months: the total is still exact.
    const from = T0 + 150 * 60_000;
    const to = T0 + 300 * 60_000;
    const cut = await storeFeed(
      store,
      [
        { dataset: id('SBER'), version: 1, instrument: 'uid-sber' },
        { dataset: id('GAZP'), version: 1, instrument: 'uid-gazp' },
      ],
      { from, to },
    );
    const inPeriod = expected.filter((bar) => bar.time >= from && bar.time < to);
    expect(cut.total).toBe(inPeriod.length);
    expect(await collect(cut.batches())).toEqual(inPeriod);
  });
});
