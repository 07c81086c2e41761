import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CommissionEstimate, stageExecutions, tradeExecutions } from './executions.js';

const trades = (quantity: number) => ({
  orderId: '40000000001',
  direction: 1,
  figi: 'BBG004730N88',
  accountId: '2000000001',
  instrumentUid: 'sber-uid',
  trades: [
    {
      tradeId: '70000000001',
      quantity,
      price: { units: 250, nano: 10_000_000 },
      dateTime: new Date(1_000),
    },
  ],
});

describe('CommissionEstimate', () => {
  it('charges the percent of the amount, rounded half up to the kopeck, exactly', () => {
    const fee = new CommissionEstimate(0.05);
    expect(fee.of(250_010_000_000n, 10)).toBe(1.25); // 1.25005
    expect(fee.of(280_000_000_000n, 10)).toBe(1.4);
    expect(fee.of(100_000_000_000n, 1)).toBe(0.05);
    expect(fee.of(10_000_000_000n, 1)).toBe(0.01); // 0.005 rounds up
    expect(new CommissionEstimate(0.3).of(7_000_500_000_000n, 3)).toBe(63);
  });

  test.prop([fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000 })])(
    'agrees with the fake exchange’s formula for any price in kopecks and quantity',
    (kopecks, pieces) => {
      const amount = BigInt(kopecks) * 10_000_000n * BigInt(pieces);
      // The fake: divRoundHalfUp(amount × percent, 100 × 1e9 × kopeck) × kopeck.
      const unit = 100n * 1_000_000_000n * 10_000_000n;
      const expected = ((amount * 50_000_000n * 2n + unit) / (2n * unit)) * 10_000_000n;
      const fee = new CommissionEstimate(0.05).of(BigInt(kopecks) * 10_000_000n, pieces);
      expect(fee).toBe(Number(expected) / 1e9);
    },
  );
});

describe('executions as the venue reports them', () => {
  it('reads stream trades in pieces as lots', () => {
    expect(tradeExecutions(trades(30), 10, 0)).toEqual([
      { executionId: '70000000001', lots: 3, priceNanos: 250_010_000_000n, time: 1_000 },
    ]);
  });

  it('leaves a trade that is not whole lots to the order stages', () => {
    expect(tradeExecutions(trades(15), 10, 0)).toBeUndefined();
  });

  it('reads order stages, which are in lots, and names a stage without a trade id stably', () => {
    const stages = [
      { quantity: 2, tradeId: 't-1', price: { units: 250, nano: 0, currency: 'rub' } },
      { quantity: 1, tradeId: '', price: { units: 251, nano: 0, currency: 'rub' } },
      { quantity: 1, tradeId: 't-3', price: undefined },
    ];
    expect(stageExecutions('40000000001', stages, 5)).toEqual([
      { executionId: 't-1', lots: 2, priceNanos: 250_000_000_000n, time: 5 },
      { executionId: '40000000001/1', lots: 1, priceNanos: 251_000_000_000n, time: 5 },
    ]);
  });
});
