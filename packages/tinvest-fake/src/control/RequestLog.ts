/**
 * The log of every call the fake received, so tests can assert what a client sent —
 * e.g. that an order was not re-sent after a lost reply.
 * @module
 */

/** One received call. */
export interface RequestLogEntry {
  /** Order of arrival, from 1. */
  readonly seq: number;
  /** Service name, e.g. `OrdersService`. */
  readonly service: string;
  /** Method name, e.g. `PostOrder`. */
  readonly method: string;
  /** The bearer token, if any was sent. */
  readonly token: string | undefined;
  /** `accountId` of the request, if it has one. */
  readonly accountId: string | undefined;
  /** `orderId` of the request: the idempotency key for `PostOrder`, the order id otherwise. */
  readonly orderId: string | undefined;
  /** The request message as decoded. */
  readonly request: unknown;
  readonly wallTime: number;
  readonly exchangeTime: number;
  /** `OK`, or the gRPC status name of the failure; `PENDING` while running (or streaming). */
  outcome: string;
  /** The numeric API code of a failure, when there is one. */
  code: number | undefined;
  /** The fault injected into this call, if one was. */
  fault: string | undefined;
}

function field(request: unknown, name: string): string | undefined {
  if (typeof request !== 'object' || request === null || !(name in request)) return undefined;
  const value = (request as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Append-only call log; past `limit` entries the oldest are dropped (a long paper session). */
export class RequestLog {
  private readonly list: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 10_000) {}

  /** Records a call as it arrives. */
  record(
    service: string,
    method: string,
    token: string | undefined,
    request: unknown,
    exchangeTime: number,
  ): RequestLogEntry {
    const entry: RequestLogEntry = {
      seq: ++this.seq,
      service,
      method,
      token,
      accountId: field(request, 'accountId'),
      orderId: field(request, 'orderId'),
      request,
      wallTime: Date.now(),
      exchangeTime,
      outcome: 'PENDING',
      code: undefined,
      fault: undefined,
    };
    this.list.push(entry);
    if (this.list.length > this.limit) this.list.splice(0, this.list.length - this.limit);
    return entry;
  }

  /** The calls kept (the last 10 000), oldest first; only those of `method` when given. */
  entries(method?: string): readonly RequestLogEntry[] {
    return method === undefined ? [...this.list] : this.list.filter((e) => e.method === method);
  }

  clear(): void {
    this.list.length = 0;
  }
}
