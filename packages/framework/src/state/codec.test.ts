import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonToText, nanosFromText, nanosToText, numberFromText, numberToText } from './codec.js';

describe('numberToText', () => {
  it('writes prices as plain decimals', () => {
    expect(numberToText(250.37, 'p')).toBe('250.37');
    expect(numberToText(0.0000001, 'p')).toBe('0.0000001');
    expect(numberToText(1e21, 'p')).toBe('1000000000000000000000');
    expect(numberToText(-7, 'p')).toBe('-7');
  });

  it('keeps the shortest round-trip form when a plain decimal would round', () => {
    expect(numberToText(1.5e-10, 'p')).toBe('1.5e-10');
    expect(numberToText(0.1 + 0.2, 'p')).toBe('0.30000000000000004');
  });

  it('reads back every finite double unchanged', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(Object.is(numberFromText(numberToText(value, 'v')), value === 0 ? 0 : value)).toBe(
          true,
        );
      }),
    );
  });

  it('refuses what is not a finite number, naming the field', () => {
    expect(() => numberToText(Number.NaN, 'fill x price')).toThrow('fill x price is NaN');
    expect(() => numberToText(Number.POSITIVE_INFINITY, 'p')).toThrow(
      expect.objectContaining({ code: 'MOEXBOT_ERR_STATE_RECORD_INVALID' }),
    );
  });
});

describe('nanos text', () => {
  it('round-trips any bigint exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (nanos) => {
        expect(nanosFromText(nanosToText(nanos))).toBe(nanos);
      }),
    );
  });
});

describe('jsonToText', () => {
  it('writes plain JSON', () => {
    expect(jsonToText({ a: [1, 'x', null, true], b: {} }, 'd')).toBe(
      '{"a":[1,"x",null,true],"b":{}}',
    );
    expect(jsonToText(Object.assign(Object.create(null), { a: 1 }), 'd')).toBe('{"a":1}');
  });

  it('refuses what JSON would change, with the path to it', () => {
    expect(() => jsonToText({ a: [1, { b: Number.NaN }] }, 'snap')).toThrow('snap.a[1].b is NaN');
    expect(() => jsonToText({ a: undefined } as never, 'snap')).toThrow('snap.a is undefined');
    expect(() => jsonToText({ when: new Date(0) } as never, 'snap')).toThrow(
      'snap.when is a Date instance',
    );
    expect(() => jsonToText({ n: 1n } as never, 'snap')).toThrow('snap.n is a bigint');
  });
});
