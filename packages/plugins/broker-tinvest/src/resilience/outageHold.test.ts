import type { TradingControl } from '@moex-bot/framework';
import { describe, expect, it } from 'vitest';
import { brokerContext, QUICK, startBroker } from '../broker.fixture.js';
import { createTinvestBroker } from '../createTinvestBroker.js';
import { TinvestParamsSchema } from '../params.js';
import { startVenue, TOKEN } from '../venue.fixture.js';
import { OUTAGE_HOLD } from './outageHold.js';

const UNKNOWN_KEY = '6f1f4a4e-0000-4000-8000-00000000000b';

describe('the circuit breaker over T-Invest', () => {
  it('halts trading with a critical alert when it opens, and lifts that hold when the venue answers again', async () => {
    const venue = await startVenue();
    const setup = await startBroker(venue, {
      options: {
        retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
        breaker: { failureThreshold: 3, cooldownMs: 100 },
      },
    });
    const { broker, halts, releases, alerts } = setup;
    try {
      venue.exchange.faults.next('GetOrderState', { kind: 'unavailable' }, { times: 3 });
      await expect(broker.orderState('6f1f4a4e-0000-4000-8000-00000000000a')).rejects.toThrow(
        /UNAVAILABLE|unavailable/,
      );
      expect(halts).toEqual([OUTAGE_HOLD]);
      expect(alerts).toMatchObject([
        {
          severity: 'critical',
          type: 'venue.unavailable',
          message: expect.stringMatching(/^T-Invest failed 3 times in a row/),
        },
      ]);
      // Open: refused without a call.
      const calls = venue.exchange.requests('GetOrderState').length;
      await expect(broker.orderState('6f1f4a4e-0000-4000-8000-00000000000a')).rejects.toThrow(
        /circuit is open/,
      );
      expect(venue.exchange.requests('GetOrderState')).toHaveLength(calls);
      expect(releases).toEqual([]);

      // After the cooldown a trial call gets through; the venue answers (not found), so the
      // circuit closes and the hold is lifted.
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await broker.orderState('6f1f4a4e-0000-4000-8000-00000000000a')).toBeUndefined();
      expect(releases).toEqual([OUTAGE_HOLD]);
      expect(alerts.map((a) => [a.severity, a.type])).toEqual([
        ['critical', 'venue.unavailable'],
        ['info', 'venue.recovered'],
      ]);
    } finally {
      await broker.close();
      await venue.close();
    }
  });
});

describe('an outage hold a previous process left', () => {
  it('is lifted the first time the venue answers', async () => {
    const venue = await startVenue();
    // Restored by the host with the rest of the trading state.
    const { broker, releases, held, alerts } = await startBroker(venue, { holds: [OUTAGE_HOLD] });
    try {
      await broker.venue.open();
      expect(releases).toEqual([OUTAGE_HOLD]);
      expect(held.size).toBe(0);
      expect(alerts).toEqual([]); // the host's trading state announces its own change
    } finally {
      await broker.close();
      await venue.close();
    }
  });

  it('is lifted once the run exists, when the venue answered before the host built it', async () => {
    const venue = await startVenue();
    // As the host's control: unusable until the run's trading state is bound to it.
    const { context, releases, held } = brokerContext('real');
    let bound = false;
    const engineState = () => {
      if (!bound) throw new Error('trading control used before the run was built');
      return context.trading;
    };
    const late: TradingControl = {
      get state() {
        return engineState().state;
      },
      halt: (reason) => engineState().halt(reason),
      reduce: (reason) => engineState().reduce(reason),
      release: (reason) => engineState().release(reason),
    };
    const params = TinvestParamsSchema.parse({
      token: TOKEN,
      endpoint: venue.server.endpoint,
      accountId: venue.account,
    });
    const broker = await createTinvestBroker(params, { ...context, trading: late }, QUICK);
    try {
      await broker.venue.open(); // the venue answers; the release cannot reach a run yet
      bound = true;
      context.trading.halt(OUTAGE_HOLD); // the host restores the saved holds
      expect(await broker.orderState(UNKNOWN_KEY)).toBeUndefined(); // answered again
      expect(releases).toEqual([OUTAGE_HOLD]);
      expect(held.size).toBe(0);
    } finally {
      await broker.close();
      await venue.close();
    }
  });
});
