/**
 * How often commands from unknown users are audited: the first per user id in a window,
 * the rest only counted. Anyone on Telegram can write to the bot, and each audited command
 * costs a synced line on disk: without a limit a stranger could fill the disk.
 * @module
 */

/** One audited command per unknown user id per this many ms: ten minutes. */
export const UNKNOWN_USER_WINDOW_MS = 10 * 60_000;
/** The most unknown user ids remembered at once. */
export const MAX_TRACKED_UNKNOWN_USERS = 1_000;

/** Options of {@link UnknownUserThrottle}. */
export interface UnknownUserThrottleOptions {
  /** Default {@link UNKNOWN_USER_WINDOW_MS}. */
  readonly windowMs?: number;
  /** Default {@link MAX_TRACKED_UNKNOWN_USERS}. */
  readonly maxTracked?: number;
}

interface Tracked {
  /** When the user's last audited command came, ms. */
  readonly auditedAt: number;
  /** Commands counted, not audited, since then. */
  suppressed: number;
}

/**
 * Decides which commands of unknown users are audited. An id is remembered from its
 * audited command until its window has passed, and after that only while it has an
 * unreported count; past `maxTracked` ids the one audited longest ago is forgotten,
 * count and all, so memory stays bounded however many accounts write.
 * @example
 * const throttle = new UnknownUserThrottle();
 * throttle.admit(666, t);          // 0: audit it
 * throttle.admit(666, t + 1_000);  // undefined: only counted
 * throttle.admit(666, t + 600_000); // 1: audit it, with `suppressed: 1`
 */
export class UnknownUserThrottle {
  /** In order of the last audited command, oldest first (an id is re-inserted each time). */
  private readonly users = new Map<number, Tracked>();
  private readonly windowMs: number;
  private readonly maxTracked: number;

  constructor(options: UnknownUserThrottleOptions = {}) {
    this.windowMs = options.windowMs ?? UNKNOWN_USER_WINDOW_MS;
    this.maxTracked = options.maxTracked ?? MAX_TRACKED_UNKNOWN_USERS;
  }

  /**
   * Called for each command of an unknown user, at wall time `now` (ms). Undefined when
   * the command is only counted; else it is to be audited, and the result is how many of
   * the user's commands were counted since their previous audited one.
   */
  admit(userId: number, now: number): number | undefined {
    const seen = this.users.get(userId);
    if (seen !== undefined && now - seen.auditedAt < this.windowMs) {
      seen.suppressed += 1;
      return undefined;
    }
    this.users.delete(userId);
    this.forget(now);
    this.users.set(userId, { auditedAt: now, suppressed: 0 });
    return seen?.suppressed ?? 0;
  }

  /** How many ids are remembered (for tests). */
  get size(): number {
    return this.users.size;
  }

  /** Drops ids whose window has passed with nothing to report, then makes room for one more. */
  private forget(now: number): void {
    for (const [id, user] of this.users) {
      if (now - user.auditedAt < this.windowMs) break; // the rest are newer
      if (user.suppressed === 0) this.users.delete(id);
    }
    for (const id of this.users.keys()) {
      if (this.users.size < this.maxTracked) break;
      this.users.delete(id);
    }
  }
}
