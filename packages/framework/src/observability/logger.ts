/**
 * Structured logging with pino: JSON lines by default, pino-pretty for people.
 * Secret-looking fields are redacted by path, wherever they appear.
 * @module
 */
import { type DestinationStream, pino } from 'pino';
import { redactSecrets } from '../config/secrets.js';
import type { Logger } from '../contracts/services.js';

export interface LoggerOptions {
  readonly level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly format?: 'json' | 'pretty';
  /** Where lines go; stderr by default so that stdout stays free for command output. */
  readonly destination?: DestinationStream;
  /**
   * Also write every line at `level` to this file, and only lines at `consoleLevel`
   * or above to stderr (a backtest keeps its full log without flooding the terminal).
   */
  readonly file?: string;
  readonly consoleLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

/** Field names whose values never reach a log line. */
const SECRET_FIELDS = ['token', 'password', 'secret', 'apiKey', 'authorization', 'botToken'];

/** Redaction paths: the fields at the top level, one and two levels down. */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/**
 * Creates the root logger of a run; plugins get `logger.child({ plugin: 'strategy:sma-cross' })`.
 * @example
 * const logger = createLogger({ level: 'info' });
 * logger.child({ plugin: 'strategy:sma-cross' }).info({ bars: 10 }, 'warmed up');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const base = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    // Field paths catch `token: ...`; this catches a secret quoted inside any text.
    hooks: { streamWrite: redactSecrets },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.file) {
    const streams = [
      {
        level: level === 'silent' ? 'fatal' : level,
        stream: pino.destination({ dest: options.file, mkdir: true, sync: true }),
      },
      { level: options.consoleLevel ?? 'error', stream: pino.destination({ dest: 2, sync: true }) },
    ];
    return pino(base, pino.multistream(streams));
  }
  if (options.format === 'pretty') {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: process.stderr.isTTY },
      },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything (benchmarks, quiet tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
