/**
 * The built-in fake exchange of token-less paper runs: `@moex-bot/tinvest-fake` with its
 * SYNTHETIC sample market on an ephemeral loopback port, its clock driven by a replay.
 * The first sample day is history (for strategies to warm up on); the replay starts at
 * the second, so that bars stream from the first second of the session.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  FakeExchange,
  type FakeExchangeServer,
  type SampleMarket,
  sampleMarket,
  startFakeExchange,
} from '@moex-bot/tinvest-fake';
import { FakeExchangeClock } from './FakeExchangeClock.js';

/** How the sample market is made and replayed. */
export interface ReplaySettings {
  /** Exchange time per wall time: 60 plays a one-minute bar per second. */
  readonly speed: number;
  /** Weekdays of sample data. */
  readonly days: number;
  /** Seed of the sample generator: the same seed, the same prices. */
  readonly seed: number;
}

/** Cash of the fake account; paper runs book their own cash, so this only has to be ample. */
const FAKE_MONEY = 10_000_000;

/** Where the replay starts: the first candle of the second day, or of the only one. */
function replayStart(market: SampleMarket): number {
  const day = (time: number) => Math.floor(time / 86_400_000);
  const times = market.candles[0]?.candles.map((c) => new Date(c.time).getTime()) ?? [];
  return times.find((time) => day(time) > day(market.start)) ?? market.start;
}

/**
 * @example
 * const fake = await EmbeddedExchange.start({ speed: 60, days: 3, seed: 1 });
 * const api = new InvestApi({ token: fake.token, endpoint: fake.endpoint });
 * fake.startReplay();
 * await fake.close();
 */
export class EmbeddedExchange {
  readonly clock: FakeExchangeClock;
  /** A token only this process knows, registered with the fake. */
  readonly token = `paper-${randomUUID()}`;
  readonly accountId: string;

  private constructor(
    readonly exchange: FakeExchange,
    private readonly server: FakeExchangeServer,
    private readonly settings: ReplaySettings,
  ) {
    this.clock = new FakeExchangeClock(exchange);
    this.accountId = exchange.openAccount({ money: FAKE_MONEY, name: 'Paper (built-in fake)' });
    exchange.addToken(this.token, { accounts: [this.accountId] });
  }

  /** Loads the sample market and starts the server on 127.0.0.1 (any free port). */
  static async start(settings: ReplaySettings): Promise<EmbeddedExchange> {
    const market = sampleMarket({ days: settings.days, seed: settings.seed });
    const exchange = new FakeExchange({ market, startTime: replayStart(market) });
    const server = await startFakeExchange(exchange);
    return new EmbeddedExchange(exchange, server, settings);
  }

  /** `localhost:PORT`: the client uses an insecure channel only for `localhost` endpoints. */
  get endpoint(): string {
    return this.server.endpoint;
  }

  /** What the venue tells the operator it is. */
  get description(): string {
    return `built-in fake exchange replaying sample data (SYNTHETIC prices, ${this.settings.speed}× real time)`;
  }

  /** Starts moving the exchange clock; at the end of the sample data it stops. */
  startReplay(): void {
    this.exchange.replay({ speed: this.settings.speed });
  }

  /** Stops the replay, the clock's timers and the server. */
  async close(): Promise<void> {
    this.exchange.stopReplay();
    this.clock.stop();
    await this.server.close();
  }
}
