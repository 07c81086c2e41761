import { describe, expect, it } from 'vitest';
import { REDACTED, registerSecret } from '../config/secrets.js';
import { canonicalJson, configHash } from './configHash.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }], u: undefined })).toBe(
      '{"a":[true,{"c":"x","d":null}],"b":1}',
    );
  });
});

describe('configHash', () => {
  it('is the sha256 of the canonical JSON, whatever the key order', () => {
    // sha256('{"a":1,"b":[2,3]}'), from `printf '%s' '{"a":1,"b":[2,3]}' | sha256sum`.
    const expected = 'efbd0040190fb0871831e606c581f8a66db79d8e2bb836745a70051306956070';
    expect(configHash({ a: 1, b: [2, 3] })).toBe(expected);
    expect(configHash({ b: [2, 3], a: 1 })).toBe(expected);
  });

  it('does not depend on a secret the config resolved, nor reveal it', () => {
    registerSecret('t.config-hash-secret-1');
    const withSecret = configHash({ broker: { params: { token: 't.config-hash-secret-1' } } });
    const redacted = configHash({ broker: { params: { token: REDACTED } } });
    expect(withSecret).toBe(redacted);
  });
});
