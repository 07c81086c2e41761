/**
 * How failures leave the server, as the real API sends them: the gRPC status is the
 * category, the status details are the numeric code (`"30078"`), the `message` trailer is
 * the human text, and `x-tracking-id` plus the `x-ratelimit-*` trailers ride along. A
 * dropped connection carries nothing but its status.
 * @module
 */
import { type Metadata, ServerError, Status } from 'nice-grpc';
import { ExchangeApiError } from '../apiErrors.js';
import type { RateLimitState } from '../control/RateLimiter.js';

/** The status a client sees after a dropped connection; sent without trailers. */
export class ConnectionDropped extends ServerError {
  constructor() {
    super(Status.UNAVAILABLE, 'Connection dropped');
  }
}

/** Writes the tracking and rate limit fields into header or trailer metadata. */
export function writeCallMetadata(
  metadata: Metadata,
  trackingId: string,
  limit: RateLimitState | undefined,
): void {
  metadata.set('x-tracking-id', trackingId);
  if (!limit || !Number.isFinite(limit.limit)) return;
  metadata.set('x-ratelimit-limit', String(limit.limit));
  metadata.set('x-ratelimit-remaining', String(limit.remaining));
  metadata.set('x-ratelimit-reset', String(limit.resetSeconds));
}

/** The wire form of a failure: a `ServerError`, plus the trailers to send with it. */
export function toServerError(
  error: unknown,
  trailer: Metadata,
  trackingId: string,
  limit: RateLimitState | undefined,
): unknown {
  if (error instanceof ConnectionDropped) return error;
  if (error instanceof ExchangeApiError) {
    writeCallMetadata(trailer, trackingId, limit);
    trailer.set('message', error.message);
    return new ServerError(error.status, String(error.code));
  }
  if (error instanceof ServerError) {
    writeCallMetadata(trailer, trackingId, limit);
    return error;
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  // A bug in the fake itself: report it as the API's internal error, with the cause.
  writeCallMetadata(trailer, trackingId, limit);
  trailer.set(
    'message',
    `Internal error: ${error instanceof Error ? error.message : String(error)}`,
  );
  return new ServerError(Status.INTERNAL, '70001');
}
