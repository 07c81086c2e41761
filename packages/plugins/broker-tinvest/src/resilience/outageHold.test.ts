import { describe, expect, it } from 'vitest';
import { startBroker } from '../broker.fixture.js';
import { startVenue } from '../venue.fixture.js';
import { OUTAGE_HOLD } from './outageHold.js';

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
