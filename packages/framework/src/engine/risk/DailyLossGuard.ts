/**
 * The daily loss limit: halts trading once equity falls a set amount (or percent)
 * below its value at the start of the Moscow day, and lifts that halt at the next
 * 00:00 Europe/Moscow. The reset runs on a clock timer, so it happens at midnight
 * even when no bar arrives then.
 * @module
 */
import type { Clock, TradingControl } from '../../contracts/services.js';
import { nextMoscowMidnight } from '../../market/moscowTime.js';

export const DAILY_LOSS_CODE = 'DAILY_LOSS_LIMIT_REACHED';

export interface DailyLossSettings {
  readonly dailyLossLimit?: number | undefined;
  readonly dailyLossLimitPercent?: number | undefined;
}

export class DailyLossGuard {
  private dayStartEquity = Number.NaN;
  private tripped = false;
  /** Equity at which today's limit is reached. */
  private floor = Number.NEGATIVE_INFINITY;
  /** Whether a limit is configured (read on every bar, so computed once). */
  readonly enabled: boolean;

  constructor(
    private readonly settings: DailyLossSettings,
    private readonly clock: Clock,
    private readonly trading: TradingControl & { release(hold: string, because?: string): void },
    private readonly account: { readonly equity: number },
    private readonly onDayStart: (time: number) => void,
  ) {
    this.enabled =
      settings.dailyLossLimit !== undefined || settings.dailyLossLimitPercent !== undefined;
  }

  /** Equity at the start of the current Moscow day. */
  get startEquity(): number {
    return this.dayStartEquity;
  }

  /** Records the day's starting equity and arms the midnight timer. */
  start(): void {
    this.dayStartEquity = this.account.equity;
    this.floor = this.dayStartEquity - this.limit();
    this.arm();
  }

  /** Whether the limit has tripped today. */
  get hasTripped(): boolean {
    return this.tripped;
  }

  /**
   * Continues a day a previous process began (after `start`): its starting equity and
   * whether the limit had tripped, so that a restart neither resets the day's loss nor
   * forgets to lift the day's halt at midnight.
   */
  resumeDay(dayStartEquity: number, tripped: boolean): void {
    this.dayStartEquity = dayStartEquity;
    this.floor = this.dayStartEquity - this.limit();
    this.tripped = tripped;
  }

  /** The loss limit in money for today. */
  limit(): number {
    const { dailyLossLimit, dailyLossLimitPercent } = this.settings;
    const fromPercent =
      dailyLossLimitPercent === undefined
        ? Infinity
        : (this.dayStartEquity * dailyLossLimitPercent) / 100;
    return Math.min(dailyLossLimit ?? Infinity, fromPercent);
  }

  /** Checks equity; halts trading when the day's loss reaches the limit. */
  check(): void {
    if (!this.enabled || this.tripped) return;
    // Loss ≥ limit ⇔ equity ≤ start − limit; the floor is fixed for the day.
    if (this.account.equity <= this.floor) {
      this.tripped = true;
      this.trading.halt(DAILY_LOSS_CODE);
    }
  }

  private arm(): void {
    this.clock.setTimer(nextMoscowMidnight(this.clock.now()), () => this.rollOver());
  }

  private rollOver(): void {
    this.dayStartEquity = this.account.equity;
    this.floor = this.dayStartEquity - this.limit();
    // Lift only this guard's own hold; an operator's or another rule's halt stays.
    if (this.tripped) this.trading.release(DAILY_LOSS_CODE, 'DAY_ROLLOVER');
    this.tripped = false;
    this.onDayStart(this.clock.now());
    this.arm();
  }
}
