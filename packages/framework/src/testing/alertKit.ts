/**
 * The test kit for alert channel plugins: what a channel's tests need besides the channel.
 * A fake HTTP endpoint on loopback that records requests and answers as scripted, a port
 * nothing listens on, the context the host hands `create`, a logger that keeps what it is
 * told, and a check that a send failed the way the alert router understands.
 * @module
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertDeliveryError } from '../alerts/delivery.js';
import type { AlertContext } from '../contracts/define.js';
import type { OperatorDesk } from '../contracts/operator.js';
import type { Logger } from '../contracts/services.js';
import { SystemClock } from '../engine/SimulatedClock.js';

/** One logged call. */
export interface LogRecord {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** The call's fields with the bindings of the child logger it came from. */
  readonly fields: Record<string, unknown>;
  readonly msg: string | undefined;
}

/**
 * A logger that keeps every call, children included, so that a test can read what was
 * logged and prove that a secret never was. `child` loggers write to the same list with
 * their bindings merged in.
 * @example
 * const logger = new RecordingLogger();
 * logger.child({ plugin: 'alert:ops' }).info({ event: 'X' }, 'hello');
 * logger.records[0]; // { level: 'info', fields: { plugin: 'alert:ops', event: 'X' }, msg: 'hello' }
 */
export class RecordingLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}

  trace(obj: object | string, msg?: string): void {
    this.record('trace', obj, msg);
  }
  debug(obj: object | string, msg?: string): void {
    this.record('debug', obj, msg);
  }
  info(obj: object | string, msg?: string): void {
    this.record('info', obj, msg);
  }
  warn(obj: object | string, msg?: string): void {
    this.record('warn', obj, msg);
  }
  error(obj: object | string, msg?: string): void {
    this.record('error', obj, msg);
  }

  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.records, { ...this.bindings, ...bindings });
  }

  /** Records with this `event` field. */
  events(event: string): LogRecord[] {
    return this.records.filter((r) => r.fields['event'] === event);
  }

  /** Everything logged, as one text (for "this string never appears" checks). */
  text(): string {
    return JSON.stringify(this.records, (_key, value: unknown) =>
      value instanceof Error ? { message: value.message, stack: value.stack } : value,
    );
  }

  private record(level: LogRecord['level'], obj: object | string, msg: string | undefined): void {
    const fields = typeof obj === 'string' ? { ...this.bindings } : { ...this.bindings, ...obj };
    this.records.push({ level, fields, msg: typeof obj === 'string' ? obj : msg });
  }
}

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** When the request had arrived in full, `performance.now()` ms: for gaps between retries. */
  readonly at: number;
}

/**
 * How the receiver answers a request: with a status; never (`hang`); or with `200` headers
 * and the start of a body that never ends (`stall-body`).
 */
export type ScriptedReply =
  | {
      readonly status: number;
      readonly body?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | 'hang'
  | 'stall-body';

/** A fake HTTP endpoint on loopback; see {@link startHttpReceiver}. */
export interface HttpReceiver {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly origin: string;
  /** Every request so far, in order of arrival. */
  readonly requests: readonly ReceivedRequest[];
  /** Queues replies; once they are used up every request gets 200 `ok`. */
  reply(...replies: ScriptedReply[]): void;
  /** Stops the server, dropping requests left hanging. */
  close(): Promise<void>;
}

/**
 * Starts a fake HTTP endpoint on 127.0.0.1, on a port of the system's choosing: it
 * records every request and answers with the replies queued by `reply`, so a test can
 * script a rate limit, an outage or a reply that never comes. Close it after each test.
 * @example
 * const receiver = await startHttpReceiver();
 * receiver.reply({ status: 429, headers: { 'retry-after': '2' } }, 'hang');
 * const error = await deliveryFailure(channel.send(alert)); // retryAfterMs 2000
 * receiver.requests[0]?.body; // the JSON the channel posted
 * await receiver.close();
 */
export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const replies: ScriptedReply[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      });
      const reply = replies.shift() ?? { status: 200, body: 'ok' };
      if (reply === 'hang') return;
      if (reply === 'stall-body') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('o');
        return;
      }
      response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      response.end(reply.body ?? '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    reply: (...next) => {
      replies.push(...next);
    },
    close: async () => {
      // A hanging request keeps its socket open; close would wait for it forever.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A loopback port nothing listens on, for a service that is down: taken from the
 * system, then released (another process may take it later, which tests ignore).
 * @example
 * const url = `http://127.0.0.1:${await closedPort()}/hook`; // connections are refused
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function unused(): never {
  throw new Error('this alert channel should not use the operator desk');
}

/** An operator desk for channels that never use it: any call fails the test. */
const NO_OPERATOR: OperatorDesk = {
  status: unused,
  positions: unused,
  openOrders: unused,
  pnl: unused,
  act: unused,
};

/**
 * The context the host hands an alert plugin's `create` in a paper run: wall clock, no
 * data folder, alerts raised by the plugin dropped, and an operator desk whose every
 * method throws (pass `operator` in `overrides` to test chat control).
 * @example
 * const logger = new RecordingLogger();
 * const channel = await plugin.create(plugin.params.parse(params), alertContext('ops', logger));
 * await channel.send(alert);
 * logger.events('AlertRecipientsRejected'); // what the channel logged
 */
export function alertContext(
  name: string,
  logger: Logger = new RecordingLogger(),
  overrides: Partial<AlertContext> = {},
): AlertContext {
  return {
    name,
    logger,
    clock: new SystemClock(),
    alerts: { raise: () => {} },
    mode: 'paper',
    dataDir: undefined,
    operator: NO_OPERATOR,
    ...overrides,
  };
}

/**
 * The delivery error a send rejects with; throws when the send succeeds or fails with
 * anything else. The error is recognised by its fields, as the router does, not by
 * `instanceof`: a plugin may bring its own copy of the framework.
 * @example
 * receiver.reply({ status: 503 });
 * const error = await deliveryFailure(channel.send(alert));
 * error.retryable; // true: the router will try again
 */
export async function deliveryFailure(promise: Promise<unknown>): Promise<AlertDeliveryError> {
  const outcome = await promise.then(
    () => ({ failed: false as const }),
    (reason: unknown) => ({ failed: true as const, reason }),
  );
  if (!outcome.failed) throw new Error('expected the delivery to fail, but it succeeded');
  if (!isDeliveryError(outcome.reason)) {
    throw new Error(`expected an AlertDeliveryError, got ${String(outcome.reason)}`);
  }
  return outcome.reason;
}

function isDeliveryError(error: unknown): error is AlertDeliveryError {
  return (
    error instanceof Error &&
    error.name === 'AlertDeliveryError' &&
    typeof (error as { retryable?: unknown }).retryable === 'boolean'
  );
}
