import { describe, expect, it } from 'vitest';
import { waitFor } from '../venue.fixture.js';
import { FakeExchangeClock } from './FakeExchangeClock.js';

describe('FakeExchangeClock', () => {
  it("fires timers when the exchange's time reaches them, in order, and not when cancelled", async () => {
    const exchange = { now: 1_000 };
    const clock = new FakeExchangeClock(exchange, 1);
    const fired: string[] = [];
    clock.setTimer(3_000, () => fired.push('b'));
    clock.setTimer(2_000, () => fired.push('a'));
    const cancel = clock.setTimer(2_500, () => fired.push('cancelled'));
    cancel();
    expect(clock.now()).toBe(1_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fired).toEqual([]);
    exchange.now = 10_000; // a replay jumps over a night at once
    await waitFor(() => fired.length === 2);
    expect(fired).toEqual(['a', 'b']);
    clock.stop();
  });
});
