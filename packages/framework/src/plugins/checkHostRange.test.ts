import { describe, expect, it } from 'vitest';
import { checkHostRange } from './checkHostRange.js';

const peer = (range: unknown) => ({ peerDependencies: { '@moex-bot/framework': range } });
const field = 'moex-bot-risk-x (package.json#peerDependencies["@moex-bot/framework"])';

describe('checkHostRange', () => {
  it.each([
    ['^0.1.0', '0.1.7'],
    ['>=0.1.0', '1.4.0'],
    ['0.1.x || 0.2.x', '0.2.0'],
    // Prereleases of the framework run plugins whose range their release will satisfy.
    ['>=0.1.0', '0.2.0-rc.1'],
    ['*', '3.0.0'],
  ])('accepts %s on host %s', (range, host) => {
    expect(checkHostRange('moex-bot-risk-x', peer(range), host)).toEqual({ ok: true, range });
  });

  it.each([
    [{}, 'found no peer range for @moex-bot/framework, expected one such as "^0.4.0"'],
    [peer(''), 'found no peer range'],
    [peer(5), 'found no peer range'],
    [{ peerDependencies: 'yes' }, 'found no peer range'],
  ])('reports a missing range in %j', (json, message) => {
    const result = checkHostRange('moex-bot-risk-x', json, '0.4.2');
    expect(result).toMatchObject({
      ok: false,
      problem: { code: 'MOEXBOT_ERR_PLUGIN_HOST_RANGE_MISSING', path: field },
    });
    expect(result.ok ? '' : result.problem.message).toContain(message);
  });

  it.each([
    ['^0.2.0', '0.1.0', 'the plugin requires @moex-bot/framework@^0.2.0, but 0.1.0 is running'],
    [
      '^1.0.0',
      '2.0.0-beta.1',
      'the plugin requires @moex-bot/framework@^1.0.0, but 2.0.0-beta.1 is running',
    ],
    [
      'newest',
      '0.1.0',
      'found "newest", which is not a semver range; this host is @moex-bot/framework@0.1.0',
    ],
  ])('refuses range %s on host %s', (range, host, message) => {
    expect(checkHostRange('moex-bot-risk-x', peer(range), host)).toEqual({
      ok: false,
      problem: { code: 'MOEXBOT_ERR_PLUGIN_HOST_INCOMPATIBLE', path: field, message },
    });
  });
});
