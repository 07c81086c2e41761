/**
 * The live session's HTTP endpoint: `/metrics` for Prometheus, `/healthz` (the process
 * answers) and `/readyz` (every readiness check passes: 200, else 503 naming the failing
 * checks). Plain `node:http`: three read-only routes need no framework.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import { MoexBotError } from '../errors.js';
import { listenAddress } from './listenAddress.js';

/** One condition of readiness. */
export interface ReadinessCheck {
  readonly name: string;
  /** `detail` says why, in a few words, either way. */
  check(): { readonly ok: boolean; readonly detail: string };
}

export interface MetricsEndpointOptions {
  /** `host:port`, `:port` or `port`; a bare port binds 127.0.0.1. Port 0 picks a free one. */
  readonly listen: string;
  readonly registry: Registry;
  readonly checks: readonly ReadinessCheck[];
  /** Called on every `/readyz` answer (the `moexbot_ready` gauge). */
  readonly onReadiness?: (ready: boolean) => void;
}

export interface MetricsEndpoint {
  /** `http://host:port` actually bound. */
  readonly url: string;
  readiness(): { readonly ready: boolean; readonly checks: readonly ReadinessResult[] };
  close(): Promise<void>;
}

export interface ReadinessResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Splits `metrics.listen` into host and port, or names what is wrong with it. */
export function parseListen(listen: string): { host: string; port: number } {
  const address = listenAddress(listen);
  if (address === undefined) {
    throw new MoexBotError(
      'CONFIG_INVALID',
      `metrics.listen: "${listen}" is not host:port or a port, e.g. 127.0.0.1:9464`,
    );
  }
  return address;
}

/** Registries that already collect the process metrics (a second call would throw). */
const withDefaults = new WeakSet<Registry>();

/** Serves the registry, with prom-client's process and Node.js metrics added to it. */
export async function startMetricsEndpoint(
  options: MetricsEndpointOptions,
): Promise<MetricsEndpoint> {
  const { host, port } = parseListen(options.listen);
  if (!withDefaults.has(options.registry)) {
    collectDefaultMetrics({ register: options.registry });
    withDefaults.add(options.registry);
  }
  const startedAt = Date.now();
  const readiness = () => {
    const checks = options.checks.map((c) => ({ name: c.name, ...c.check() }));
    const ready = checks.every((c) => c.ok);
    options.onReadiness?.(ready);
    return { ready, checks };
  };
  const server: Server = createServer((request, response) => {
    const route = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const json = (status: number, body: unknown) =>
      response
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        .end(`${JSON.stringify(body)}\n`);
    if (route === '/healthz') {
      json(200, { status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
    } else if (route === '/readyz') {
      const result = readiness();
      json(result.ready ? 200 : 503, result);
    } else if (route === '/metrics') {
      // Refresh the readiness gauge before it is scraped.
      readiness();
      options.registry.metrics().then(
        (text) =>
          response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        (error: unknown) =>
          response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
    } else {
      json(404, { error: `no route ${route}; try /metrics, /healthz or /readyz` });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new MoexBotError(
          'RUN_METRICS_LISTEN_FAILED',
          `metrics.listen: cannot listen on ${options.listen}: ${error.code ?? error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    readiness,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
