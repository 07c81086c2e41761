import { afterEach, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../testing/alertKit.js';
import { postJson } from './postJson.js';

let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & { retryable?: boolean },
  );

describe('postJson', () => {
  it('gives up on a reply whose body stalls, as on one that never comes', async () => {
    receiver = await startHttpReceiver();
    receiver.reply('stall-body', 'hang');
    for (let i = 0; i < 2; i++) {
      const error = await failure(
        postJson(`${receiver.origin}/hook`, '{}', { what: 'hook', timeoutMs: 100 }),
      );
      expect(error).toMatchObject({ message: 'hook: no reply within 100 ms', retryable: true });
    }
  });

  it('keeps the URL’s path and query, and the header values, out of a quoted reply', async () => {
    receiver = await startHttpReceiver();
    const url = `${receiver.origin}/services/T01/B02/s3cretPath?token=q5ecretQuery`;
    receiver.reply({
      status: 400,
      body: `bad request to /services/T01/B02/s3cretPath?token=q5ecretQuery with Bearer h3aderSecret`,
    });
    const error = await failure(
      postJson(url, '{}', { what: 'hook', headers: { authorization: 'Bearer h3aderSecret' } }),
    );
    expect(error?.retryable).toBe(false);
    expect(error?.message).toMatch(/^hook: HTTP 400 bad request to \[REDACTED\]/);
    for (const secret of ['s3cretPath', 'q5ecretQuery', 'h3aderSecret']) {
      expect(error?.message).not.toContain(secret);
    }
  });
});
