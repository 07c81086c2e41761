/**
 * Which T-Invest endpoint a run talks to: production for real money and for paper
 * trading's market data, the sandbox for sandbox runs, unless the operator names one.
 * @module
 */
import { TINVEST_ENDPOINTS } from './InvestApi.js';

/** The modes that reach T-Invest itself. */
export type VenueMode = 'paper' | 'sandbox' | 'real';

/**
 * The endpoint for `mode`, or `override`. The client only uses an insecure channel for
 * endpoints that start with `localhost`, so a loopback address is written that way:
 * `127.0.0.1:PORT` would otherwise get TLS and fail against a local server.
 * @example
 * tinvestEndpoint('sandbox'); // 'sandbox-invest-public-api.tinkoff.ru:443'
 * tinvestEndpoint('real', '127.0.0.1:50051'); // 'localhost:50051'
 */
export function tinvestEndpoint(mode: VenueMode, override?: string): string {
  if (override !== undefined) return override.replace(/^(127\.0\.0\.1|\[::1\])(?=:)/, 'localhost');
  return mode === 'sandbox' ? TINVEST_ENDPOINTS.sandbox : TINVEST_ENDPOINTS.real;
}
