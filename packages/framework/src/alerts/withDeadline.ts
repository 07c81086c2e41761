/**
 * Waiting with a limit, for shutdown paths that must end although a peer never answers
 * (a channel's `send` or `close`, a long poll).
 * @module
 */

/**
 * Settles with `'done'` when `work` does within `ms`, else with `'late'` (the work goes on
 * unawaited); rejects with `work`'s error.
 * @example
 * if ((await withDeadline(channel.close(), 10_000)) === 'late') logger.warn('close hung');
 */
export async function withDeadline(work: Promise<unknown>, ms: number): Promise<'done' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
