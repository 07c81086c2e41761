import { Status } from 'nice-grpc';
import { InstrumentStatus, InstrumentType } from 'tinkoff-invest-api/cjs/generated/common.js';
import { InstrumentIdType } from 'tinkoff-invest-api/cjs/generated/instruments.js';
import { afterEach, describe, expect, it } from 'vitest';
import { decimal, failure, type Setup, setup, T0 } from '../testing.fixture.js';

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

describe('InstrumentsService', () => {
  it('ShareBy finds a share by ticker and class code, by uid and by FIGI', async () => {
    ctx = await setup();
    const { instruments } = ctx.api;
    const byTicker = await instruments.shareBy({
      idType: InstrumentIdType.INSTRUMENT_ID_TYPE_TICKER,
      classCode: 'TQBR',
      id: 'SBER',
    });
    expect(byTicker.instrument).toMatchObject({
      ticker: 'SBER',
      classCode: 'TQBR',
      uid: ctx.sber.uid,
      figi: ctx.sber.figi,
      lot: 10,
      currency: 'rub',
      minPriceIncrement: { units: 0, nano: 10_000_000 },
      apiTradeAvailableFlag: true,
      tradingStatus: 5,
    });
    const byUid = await instruments.shareBy({
      idType: InstrumentIdType.INSTRUMENT_ID_TYPE_UID,
      id: ctx.sber.uid,
    });
    const byFigi = await instruments.shareBy({
      idType: InstrumentIdType.INSTRUMENT_ID_TYPE_FIGI,
      id: ctx.sber.figi,
    });
    expect(byUid.instrument?.ticker).toBe('SBER');
    expect(byFigi.instrument?.uid).toBe(ctx.sber.uid);
    const lkoh = await instruments.getInstrumentBy({
      idType: InstrumentIdType.INSTRUMENT_ID_TYPE_TICKER,
      classCode: 'TQBR',
      id: 'LKOH',
    });
    expect(lkoh.instrument).toMatchObject({
      lot: 1,
      instrumentType: 'share',
      instrumentKind: InstrumentType.INSTRUMENT_TYPE_SHARE,
    });
    expect(decimal(lkoh.instrument?.minPriceIncrement)).toBe('0.5');
  });

  it('fails with 30013 without a class code and 50002 for an unknown id', async () => {
    ctx = await setup();
    const noClass = await failure(
      ctx.api.instruments.shareBy({
        idType: InstrumentIdType.INSTRUMENT_ID_TYPE_TICKER,
        id: 'SBER',
      }),
    );
    expect([noClass.code, noClass.details]).toEqual([
      Status.INVALID_ARGUMENT,
      '`class_code` require for `id_type` = `ticker`',
    ]);
    const unknown = await failure(
      ctx.api.instruments.shareBy({ idType: InstrumentIdType.INSTRUMENT_ID_TYPE_UID, id: 'nope' }),
    );
    expect([unknown.code, unknown.details]).toEqual([Status.NOT_FOUND, 'Instrument not found']);
  });

  it('FindInstrument searches tickers and names', async () => {
    ctx = await setup();
    const bySub = await ctx.api.instruments.findInstrument({ query: 'sbe' });
    expect(bySub.instruments.map((i) => [i.ticker, i.uid, i.lot])).toEqual([
      ['SBER', ctx.sber.uid, 10],
    ]);
    const byName = await ctx.api.instruments.findInstrument({ query: 'lukoil' });
    expect(byName.instruments.map((i) => i.ticker)).toEqual(['LKOH']);
    const bonds = await ctx.api.instruments.findInstrument({
      query: 'SBER',
      instrumentKind: InstrumentType.INSTRUMENT_TYPE_BOND,
    });
    expect(bonds.instruments).toEqual([]);
  });

  it('Shares lists API-tradable shares, or all of them', async () => {
    ctx = await setup();
    ctx.exchange.loadInstruments([{ ticker: 'OTC', apiTradeAvailableFlag: false }]);
    const base = await ctx.api.instruments.shares({});
    expect(base.instruments.map((s) => s.ticker)).toEqual(['SBER', 'LKOH']);
    const all = await ctx.api.instruments.shares({
      instrumentStatus: InstrumentStatus.INSTRUMENT_STATUS_ALL,
    });
    expect(all.instruments.map((s) => s.ticker)).toEqual(['SBER', 'LKOH', 'OTC']);
  });

  it('TradingSchedules shows the MOEX sessions, weekends closed', async () => {
    ctx = await setup();
    const { exchanges } = await ctx.api.instruments.tradingSchedules({
      exchange: 'MOEX',
      from: new Date(T0),
      to: new Date(T0 + 6 * 86_400_000),
    });
    const days = exchanges[0]!.days;
    expect(days).toHaveLength(7);
    expect(days.map((d) => d.isTradingDay)).toEqual([true, true, true, true, true, false, false]);
    expect(days[0]).toMatchObject({
      date: new Date('2024-03-11T00:00:00Z'),
      startTime: new Date('2024-03-11T04:00:00Z'),
      endTime: new Date('2024-03-11T20:50:00Z'),
    });
    expect(days[0]!.intervals.map((i) => i.type)).toEqual(['morning', 'main', 'evening']);
  });
});
