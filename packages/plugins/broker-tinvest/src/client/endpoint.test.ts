import { describe, expect, it } from 'vitest';
import { tinvestEndpoint } from './endpoint.js';
import { TINVEST_ENDPOINTS } from './InvestApi.js';

describe('tinvestEndpoint', () => {
  it('is the sandbox for sandbox runs and production otherwise', () => {
    expect(tinvestEndpoint('sandbox')).toBe(TINVEST_ENDPOINTS.sandbox);
    expect(tinvestEndpoint('real')).toBe(TINVEST_ENDPOINTS.real);
    expect(tinvestEndpoint('paper')).toBe(TINVEST_ENDPOINTS.real);
  });

  it('takes an override, writing loopback as localhost so that the channel is insecure', () => {
    expect(tinvestEndpoint('real', 'localhost:50051')).toBe('localhost:50051');
    expect(tinvestEndpoint('real', '127.0.0.1:50051')).toBe('localhost:50051');
    expect(tinvestEndpoint('sandbox', 'invest.example:443')).toBe('invest.example:443');
  });
});
