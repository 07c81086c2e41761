import { arrayFeed, backtest } from '@moex-bot/framework';
import { generateBarsFast, SYNTHETIC_INSTRUMENTS } from '@moex-bot/framework/testing';
import smaCross from '@moex-bot/strategy-sma-cross';

const bars = generateBarsFast(1_000_000, 42);
const instrument = SYNTHETIC_INSTRUMENTS.find((i) => i.uid === bars[0].instrument);
const price = bars[0].close;
for (let r = 0; r < 4; r++) {
  const t = performance.now();
  const res = await backtest(
    {
      instruments: [instrument],
      strategies: [
        {
          definition: smaCross,
          params: { fast: 10, slow: 30, lots: 1 },
          instruments: [instrument.uid],
        },
      ],
      riskLimits: {
        maxInstrumentExposure: price * instrument.lot * 1000,
        maxGrossExposure: price * instrument.lot * 2000,
        maxOrderNotional: price * instrument.lot * 1000,
        maxOpenOrders: 100,
        dailyLossLimit: 1e9,
        stopLossPercent: 50,
        trailingStopPercent: 50,
      },
      initialCash: 1e9,
    },
    arrayFeed(bars),
  );
  console.log(((performance.now() - t) / 1000).toFixed(3), res.orders.length);
}
