/**
 * Polls until a condition holds: for tests of live code, where fills and acknowledgements
 * arrive on their own time.
 * @module
 */

/**
 * Resolves once `check()` is true; rejects after `timeoutMs`.
 * @example
 * await waitFor(() => session.engine.portfolio.book(uid).quantity === 20);
 */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
