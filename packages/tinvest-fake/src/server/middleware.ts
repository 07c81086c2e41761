/**
 * The server middleware every call passes: it logs the call, authenticates the bearer
 * token (40003), counts the rate limit of unary calls (80002), applies a queued fault,
 * runs the handler and turns failures into the API's wire form.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CallContext, ServerError, type ServerMiddlewareCall, Status } from 'nice-grpc';
import { ExchangeApiError } from '../apiErrors.js';
import type { Fault, OrderFault, ResponseLostFault } from '../control/FaultInjector.js';
import type { RateLimitState } from '../control/RateLimiter.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import type { FakeContextExt } from './context.js';
import { ConnectionDropped, toServerError, writeCallMetadata } from './errors.js';

/** `/pkg.OrdersService/PostOrder` → service and method names. */
function names(path: string): { service: string; method: string } {
  const [, qualified = '', method = ''] = path.split('/');
  return { service: qualified.slice(qualified.lastIndexOf('.') + 1), method };
}

function bearer(header: string | Uint8Array | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

function isOrderFault(fault: Fault | undefined): fault is OrderFault {
  return (
    fault?.kind === 'delay-fill' || fault?.kind === 'partial-fill' || fault?.kind === 'reject-order'
  );
}

/**
 * Fails the call now if `fault` is a call fault (rate limit faults are handled apart);
 * a `slow` fault only delays it.
 */
async function applyCallFault(fault: Fault | undefined, signal: AbortSignal): Promise<void> {
  switch (fault?.kind) {
    case 'unavailable':
      throw new ServerError(Status.UNAVAILABLE, 'Service is unavailable');
    case 'deadline':
      await sleep(fault.delayMs ?? 50, undefined, { signal });
      throw new ServerError(Status.DEADLINE_EXCEEDED, 'Deadline exceeded');
    case 'error':
      throw new ExchangeApiError(fault.code, fault.detail);
    case 'slow':
      await sleep(fault.delayMs, undefined, { signal });
      return;
  }
}

/** The error a client sees instead of a reply that was lost after the call was handled. */
function lostReply(fault: ResponseLostFault): ServerError {
  switch (fault.as) {
    case 'deadline':
      return new ServerError(Status.DEADLINE_EXCEEDED, 'Deadline exceeded');
    case 'unavailable':
      return new ServerError(Status.UNAVAILABLE, 'Service is unavailable');
    default:
      return new ConnectionDropped();
  }
}

/** The middleware for an exchange. */
export function exchangeMiddleware(core: ExchangeCore) {
  return async function* middleware<Request, Response>(
    call: ServerMiddlewareCall<Request, Response, FakeContextExt>,
    context: CallContext,
    // biome-ignore lint/suspicious/noConfusingVoidType: the shape nice-grpc gives middleware
  ): AsyncGenerator<Response, Response | void, undefined> {
    const { service, method } = names(call.method.path);
    const token = bearer(context.metadata.get('authorization'));
    const request = call.requestStream ? undefined : call.request;
    const entry = core.requestLog.record(service, method, token, request, core.now);
    const trackingId = randomUUID();
    let limit: RateLimitState | undefined;
    try {
      const grant = token === undefined ? undefined : core.accounts.grant(token);
      if (!grant) throw new ExchangeApiError(40003);
      if (!call.responseStream) {
        limit = core.rateLimiter.take(grant.token, service, method);
        if (!limit.allowed) throw new ExchangeApiError(80002);
      }
      const fault = core.faults.take(method);
      entry.fault = fault?.kind;
      if (fault?.kind === 'rate-limit') {
        limit = {
          allowed: false,
          limit: limit?.limit ?? 0,
          remaining: 0,
          resetSeconds: fault.resetSeconds ?? 60,
        };
        throw new ExchangeApiError(80002);
      }
      await applyCallFault(fault, context.signal);
      const orderFault = isOrderFault(fault) ? fault : undefined;
      if (call.responseStream) writeCallMetadata(context.header, trackingId, undefined);
      const result = yield* call.next(call.request, { ...context, grant, trackingId, orderFault });
      if (fault?.kind === 'response-lost') throw lostReply(fault);
      if (!call.responseStream) writeCallMetadata(context.header, trackingId, limit);
      writeCallMetadata(context.trailer, trackingId, limit);
      entry.outcome = 'OK';
      return result;
    } catch (error) {
      const wire = toServerError(error, context.trailer, trackingId, limit);
      entry.outcome = wire instanceof ServerError ? Status[wire.code] : 'CANCELLED';
      entry.code = error instanceof ExchangeApiError ? error.code : undefined;
      throw wire;
    }
  };
}
