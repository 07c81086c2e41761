import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../config/secrets.js';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('never writes a known secret, in a field or quoted in a message', () => {
    registerSecret('t.s3cr3t-token-value');
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', destination });
    logger
      .child({ plugin: 'broker:tinvest' })
      .info(
        { token: 'anything', request: { headers: { authorization: 'Bearer x' } } },
        'connect failed with t.s3cr3t-token-value',
      );
    const text = lines.join('');
    expect(text).not.toContain('t.s3cr3t-token-value');
    expect(text).not.toContain('anything');
    expect(text).toContain('[REDACTED]');
    expect(JSON.parse(text)).toMatchObject({ plugin: 'broker:tinvest', level: 30 });
  });

  it('reports whether a level is enabled, so hot paths can skip building lines', () => {
    const logger = createLogger({ level: 'info', destination: capture().destination });
    expect(logger.isLevelEnabled?.('debug')).toBe(false);
    expect(logger.isLevelEnabled?.('warn')).toBe(true);
  });
});
