import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsConfigSchema } from '../config/schema.js';
import { isMoexBotError } from '../errors.js';
import { readinessChecks } from '../live/readiness.js';
import { type MetricsEndpoint, parseListen, startMetricsEndpoint } from './httpEndpoint.js';

let endpoint: MetricsEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

function signals(overrides: Partial<Parameters<typeof readinessChecks>[0]> = {}) {
  return {
    streamDownSince: () => undefined,
    lastBarAt: () => 1_000_000,
    marketOpen: () => true,
    staleAfterMs: 180_000,
    storeWritable: () => true,
    now: () => 1_060_000,
    ...overrides,
  };
}

describe('parseListen', () => {
  it('reads host:port, :port and a bare port (loopback), and refuses the rest', () => {
    expect(parseListen('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseListen('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseListen(':9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListen('9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    for (const bad of ['host', '127.0.0.1:99999', 'a:b']) {
      expect(() => parseListen(bad)).toThrow(/metrics\.listen/);
    }
  });

  it('is the rule the config schema applies: config check accepts what the session can bind', () => {
    const inputs = [
      '127.0.0.1:9464',
      '[::1]:0',
      ':9464',
      '9464',
      'localhost9464',
      '127.0.0.1',
      '99999',
      '0.0.0.0:70000',
      'a b:1',
    ];
    for (const listen of inputs) {
      const schema = MetricsConfigSchema.safeParse({ listen }).success;
      const bindable = (() => {
        try {
          parseListen(listen);
          return true;
        } catch {
          return false;
        }
      })();
      expect([listen, schema]).toEqual([listen, bindable]);
    }
  });
});

describe('the metrics endpoint', () => {
  it('serves the registry with process metrics, and health', async () => {
    const registry = new Registry();
    new Counter({ name: 'moexbot_test_total', help: 'a test counter', registers: [registry] }).inc(
      3,
    );
    let readyGauge: boolean | undefined;
    endpoint = await startMetricsEndpoint({
      listen: '127.0.0.1:0',
      registry,
      checks: readinessChecks(signals()),
      onReadiness: (ready) => {
        readyGauge = ready;
      },
    });
    const metrics = await fetch(`${endpoint.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('moexbot_test_total 3');
    expect(text).toContain('process_resident_memory_bytes');
    expect(readyGauge).toBe(true);
    const health = await fetch(`${endpoint.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${endpoint.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: [
        { name: 'broker', ok: true, detail: 'market data stream up' },
        { name: 'market-data', ok: true, detail: 'last bar 60 s ago' },
        { name: 'state-store', ok: true, detail: 'writes succeed' },
      ],
    });
    expect((await fetch(`${endpoint.url}/nope`)).status).toBe(404);
    expect((await fetch(`${endpoint.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('is not ready, naming why, when the stream is down, data is stale in session, or the store fails', async () => {
    let state = signals();
    endpoint = await startMetricsEndpoint({
      listen: '127.0.0.1:0',
      registry: new Registry(),
      checks: readinessChecks({
        streamDownSince: () => state.streamDownSince(),
        lastBarAt: () => state.lastBarAt(),
        marketOpen: () => state.marketOpen(),
        staleAfterMs: 180_000,
        storeWritable: () => state.storeWritable(),
        now: () => state.now(),
      }),
    });
    const readyz = async () => {
      const response = await fetch(`${endpoint!.url}/readyz`);
      const body = (await response.json()) as {
        checks: { name: string; ok: boolean; detail: string }[];
      };
      return { status: response.status, failing: body.checks.filter((c) => !c.ok) };
    };
    state = signals({ streamDownSince: () => 1_000_000 });
    expect(await readyz()).toEqual({
      status: 503,
      failing: [{ name: 'broker', ok: false, detail: 'market data stream down for 60 s' }],
    });
    state = signals({ now: () => 1_000_000 + 181_000 });
    expect(await readyz()).toEqual({
      status: 503,
      failing: [
        { name: 'market-data', ok: false, detail: 'no bar for 181 s while the market is open' },
      ],
    });
    // Outside sessions no bars come, and none are expected.
    state = signals({ now: () => 1_000_000 + 3_600_000, marketOpen: () => false });
    expect((await readyz()).status).toBe(200);
    state = signals({ storeWritable: () => false });
    expect(await readyz()).toEqual({
      status: 503,
      failing: [{ name: 'state-store', ok: false, detail: 'the last state write failed' }],
    });
  });

  it('names the address when the port is taken', async () => {
    endpoint = await startMetricsEndpoint({
      listen: '127.0.0.1:0',
      registry: new Registry(),
      checks: [],
    });
    const port = new URL(endpoint.url).port;
    const error = await startMetricsEndpoint({
      listen: `127.0.0.1:${port}`,
      registry: new Registry(),
      checks: [],
    }).catch((e: unknown) => e);
    expect(isMoexBotError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `metrics.listen: cannot listen on 127.0.0.1:${port}: EADDRINUSE`,
    );
  });
});
