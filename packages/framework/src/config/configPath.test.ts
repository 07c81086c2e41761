import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { formatConfigPath, parseConfigPath } from './configPath.js';

describe('formatConfigPath', () => {
  it('prints keys after dots and indexes in brackets', () => {
    expect(formatConfigPath(['strategies', 0, 'params', 'fast'])).toBe('strategies[0].params.fast');
    expect(formatConfigPath(['risk', 'limits', 'max-exposure'])).toBe('risk.limits.max-exposure');
  });

  it('quotes keys that are not plain words', () => {
    expect(formatConfigPath(['broker', 'params', 'a.b'])).toBe('broker.params["a.b"]');
    expect(formatConfigPath(['x', '0'])).toBe('x["0"]');
  });

  it('names the root', () => {
    expect(formatConfigPath([])).toBe('(root)');
    expect(parseConfigPath('(root)')).toEqual([]);
  });
});

describe('parseConfigPath', () => {
  it('reads what formatConfigPath prints', () => {
    expect(parseConfigPath('strategies[0].params.fast')).toEqual([
      'strategies',
      0,
      'params',
      'fast',
    ]);
    expect(parseConfigPath('broker.params["a.b"]')).toEqual(['broker', 'params', 'a.b']);
  });

  it('keeps a path it cannot read as one key', () => {
    expect(parseConfigPath('pkg (package.json#moexBot)')).toEqual(['pkg (package.json#moexBot)']);
  });

  const segment = fc.oneof(fc.string(), fc.nat({ max: 1000 }));
  test.prop([fc.array(segment, { minLength: 1, maxLength: 6 })])(
    'round-trips any path whose first segment is a key',
    (path) => {
      const keyed = typeof path[0] === 'number' ? ['root', ...path] : path;
      expect(parseConfigPath(formatConfigPath(keyed))).toEqual(keyed);
    },
  );
});
