import { describe, expect, it } from 'vitest';
import { manualTime } from './manualTime.fixture.js';
import { DEFAULT_RETRY, retryDelay, withRetry } from './retry.js';
import { GrpcStatus, TinvestError } from './TinvestError.js';

const unavailable = () =>
  new TinvestError(
    'OrdersService/PostOrder',
    GrpcStatus.UNAVAILABLE,
    undefined,
    'connection reset',
  );
const offGrid = () =>
  new TinvestError(
    'OrdersService/PostOrder',
    GrpcStatus.INVALID_ARGUMENT,
    30078,
    'price step',
    'tr-1',
  );

describe('TinvestError', () => {
  it('names the method, the numeric code, its meaning and the tracking id', () => {
    expect(offGrid().message).toBe(
      'OrdersService/PostOrder failed: 30078 (price is not a multiple of the price step) price step [tracking tr-1]',
    );
    expect(offGrid().code).toBe('30078');
    expect(unavailable().code).toBe('UNAVAILABLE');
  });

  it('classifies transient, rate-limit and business failures', () => {
    expect(unavailable().retryable).toBe(true);
    expect(offGrid().retryable).toBe(false);
    const limited = new TinvestError(
      'X/Y',
      GrpcStatus.RESOURCE_EXHAUSTED,
      80002,
      'limit',
      '',
      3_000,
    );
    expect([limited.rateLimited, limited.transient, limited.retryable]).toEqual([
      true,
      false,
      true,
    ]);
    expect(new TinvestError('X/Y', GrpcStatus.INTERNAL, 70001, 'internal').transient).toBe(true);
    expect(
      new TinvestError('X/Y', GrpcStatus.PERMISSION_DENIED, 40002, 'read-only').retryable,
    ).toBe(false);
  });
});

describe('withRetry', () => {
  it('retries transient failures with growing, jittered pauses, then succeeds', async () => {
    const time = manualTime();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw unavailable();
        return 'ok';
      },
      DEFAULT_RETRY,
      { time, random: () => 0.999 },
    );
    expect(result).toBe('ok');
    expect(time.sleeps).toEqual([199, 399, 799]);
  });

  it('never retries a business refusal', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw offGrid();
        },
        DEFAULT_RETRY,
        { time: manualTime() },
      ),
    ).rejects.toThrow(/30078/);
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw unavailable();
        },
        { retries: 2, baseDelayMs: 10, maxDelayMs: 100 },
        { time: manualTime() },
      ),
    ).rejects.toThrow(/UNAVAILABLE|connection reset/);
    expect(calls).toBe(3);
  });

  it('waits for the rate-limit reset the server named', () => {
    const limited = new TinvestError(
      'X/Y',
      GrpcStatus.RESOURCE_EXHAUSTED,
      80002,
      'limit',
      '',
      7_000,
    );
    expect(retryDelay(limited, 1, DEFAULT_RETRY, () => 0)).toBe(7_000);
    expect(retryDelay(unavailable(), 10, DEFAULT_RETRY, () => 0.999)).toBeLessThanOrEqual(5_000);
  });
});
