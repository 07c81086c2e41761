/**
 * A one-line progress bar for long work, drawn on stderr only when it is a
 * terminal, so pipes and CI logs stay clean.
 * @module
 */

export interface Progress {
  update(done: number, total: number | undefined): void;
  finish(): void;
}

const WIDTH = 28;
/** Redraw at most this often; drawing is slower than the engine. */
const REDRAW_MS = 100;

/** A progress bar for `what` ("bars"); a no-op when stderr is not a TTY or `enabled` is false. */
export function createProgress(what: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return { update() {}, finish() {} };
  const started = performance.now();
  let lastDraw = 0;
  let drawn = false;
  const draw = (done: number, total: number | undefined) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const parts: string[] = [];
    if (total) {
      const fraction = Math.min(1, done / total);
      const filled = Math.round(fraction * WIDTH);
      parts.push(
        `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`,
      );
      parts.push(`${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${what}`);
      if (rate > 0 && done < total) parts.push(`ETA ${((total - done) / rate).toFixed(1)}s`);
    } else {
      parts.push(`${done.toLocaleString('en-US')} ${what}`);
    }
    parts.push(`${formatRate(rate)} ${what}/s`);
    process.stderr.write(`\r${parts.join('  ')}\x1b[K`);
    drawn = true;
  };
  return {
    update(done, total) {
      const now = performance.now();
      if (now - lastDraw < REDRAW_MS && done !== total) return;
      lastDraw = now;
      draw(done, total);
    },
    finish() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}

function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(1)}M`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)}k`;
  return rate.toFixed(0);
}
