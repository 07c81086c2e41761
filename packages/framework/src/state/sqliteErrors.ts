/**
 * Turns SQLite and file-system failures into coded errors naming the state file, so an
 * operator reads one line such as "state file /srv/bot/state.db is not an SQLite
 * database" instead of a driver stack.
 * @module
 */
import { isMoexBotError, MoexBotError } from '../errors.js';

/** The `code` of an SqliteError or a Node system error, if any. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Node's codes for a path that cannot be opened or created. */
const FS_CODES = new Set(['EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'ENOENT', 'EROFS']);

/**
 * The coded error for a failure while opening or using the state file at `location`.
 * Coded errors pass through unchanged; the driver's error is kept as the `cause`.
 */
export function stateFileError(error: unknown, location: string): MoexBotError {
  if (isMoexBotError(error)) return error as MoexBotError;
  const code = codeOf(error) ?? '';
  const message = messageOf(error);
  const cause = { cause: error };
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new MoexBotError(
      'STATE_FILE_CORRUPT',
      `state file ${location} is not an SQLite database, or is damaged (${message})`,
      cause,
    );
  }
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH' ||
    FS_CODES.has(code)
  ) {
    return new MoexBotError(
      'STATE_FILE_UNREADABLE',
      `state file ${location} cannot be opened for writing (${message})`,
      cause,
    );
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new MoexBotError('STATE_RECORD_INVALID', `state file ${location}: ${message}`, cause);
  }
  return new MoexBotError(
    'STATE_WRITE_FAILED',
    `state file ${location}: ${message}${code ? ` (${code})` : ''}`,
    cause,
  );
}

/** True for SQLite's "database is locked" family. */
export function isBusy(error: unknown): boolean {
  const code = codeOf(error) ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}
