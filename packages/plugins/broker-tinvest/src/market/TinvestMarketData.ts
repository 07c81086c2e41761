/**
 * Live market data from T-Invest: history for warm-up and gap filling, and candle
 * subscriptions that survive stream drops. The package's stream reconnects only
 * after an error, and loses whatever was sent meanwhile; here every end of the
 * stream not asked for is followed by a reconnect with backoff, a re-subscribe and a
 * back-fill from GetCandles, so that no bar is lost or repeated.
 * @module
 */
import {
  BAR_INTERVAL_MS,
  type Bar,
  type BarInterval,
  type BarSubscription,
  type Instrument,
  type LiveBarHandler,
  type MarketDataSource,
  type TradingAvailability,
} from '@moex-bot/framework';
import { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import type { InvestApi } from '../client/InvestApi.js';
import type { TinvestGateway } from '../client/TinvestGateway.js';
import { realTime, type Waiter } from '../resilience/rateLimits.js';
import { CandleAssembler } from './CandleAssembler.js';
import { INTERVALS, requestWindows, toBar } from './candles.js';

/** What the market-data source reports besides bars. */
export interface MarketDataHooks {
  onReconnect?(attempt: number, error: unknown): void;
}

export interface MarketDataOptions {
  readonly time?: Waiter;
  readonly hooks?: MarketDataHooks;
  /** A subscription not confirmed within this many ms counts as failed. */
  readonly subscribeTimeoutMs?: number;
  /** Largest pause between reconnect attempts, ms. */
  readonly maxReconnectDelayMs?: number;
}

/** The stream key the package matches subscriptions and data by. */
function streamKey(instrument: Instrument): string {
  return instrument.figi ?? instrument.uid;
}

/**
 * @example
 * const data = new TinvestMarketData(api, gateway);
 * const sub = await data.subscribe([sber], '1m', { onBar: (bar) => engine.onBar(bar) });
 */
export class TinvestMarketData implements MarketDataSource {
  private readonly time: Waiter;
  /** Open subscriptions, closed with the source so that no reconnect outlives it. */
  private readonly live = new Set<LiveCandles>();

  constructor(
    private readonly api: InvestApi,
    private readonly gateway: TinvestGateway,
    private readonly options: MarketDataOptions = {},
  ) {
    this.time = options.time ?? realTime;
  }

  async history(
    instrument: Instrument,
    interval: BarInterval,
    from: number,
    to: number,
  ): Promise<Bar[]> {
    const bars: Bar[] = [];
    for (const [start, end] of requestWindows(interval, from, to)) {
      const { candles } = await this.gateway.call('MarketDataService', 'GetCandles', (signal) =>
        this.api.marketdata.getCandles(
          {
            instrumentId: instrument.uid,
            from: new Date(start),
            to: new Date(end),
            interval: INTERVALS[interval].candle,
          },
          { signal },
        ),
      );
      // The candle still forming is not a bar yet: strategies see completed bars only.
      for (const candle of candles) if (candle.isComplete) bars.push(toBar(instrument.uid, candle));
    }
    return bars;
  }

  async tradingAvailability(instrument: Instrument): Promise<TradingAvailability> {
    const status = await this.gateway.call('MarketDataService', 'GetTradingStatus', (signal) =>
      this.api.marketdata.getTradingStatus({ instrumentId: instrument.uid }, { signal }),
    );
    if (!status.apiTradeAvailableFlag) {
      return { tradable: false, reason: 'not tradable through the API now' };
    }
    if (status.tradingStatus !== SecurityTradingStatus.SECURITY_TRADING_STATUS_NORMAL_TRADING) {
      const name = SecurityTradingStatus[status.tradingStatus] ?? String(status.tradingStatus);
      return {
        tradable: false,
        reason: `trading status ${name.replace('SECURITY_TRADING_STATUS_', '')}`,
      };
    }
    return { tradable: true };
  }

  async subscribe(
    instruments: readonly Instrument[],
    interval: BarInterval,
    handler: LiveBarHandler,
  ): Promise<BarSubscription> {
    const live = new LiveCandles(
      this,
      this.api,
      instruments,
      interval,
      handler,
      this.options,
      this.time,
    );
    this.live.add(live);
    live.onClose = () => this.live.delete(live);
    try {
      await live.start();
    } catch (error) {
      await live.close();
      throw error;
    }
    return live;
  }

  /** Closes every subscription still open. */
  async close(): Promise<void> {
    for (const live of [...this.live]) await live.close();
  }
}

/** One subscription: the stream, its assembler, and the reconnect loop. */
class LiveCandles implements BarSubscription {
  private readonly assembler: CandleAssembler;
  private readonly byKey = new Map<string, Instrument>();
  private closed = false;
  private recovering = false;
  /** The stream ended again while a recovery was under way: it must not end as recovered. */
  private droppedWhileRecovering = false;
  private readonly detach: (() => void)[] = [];
  /** Set by the source, to forget the subscription once it is closed. */
  onClose: (() => void) | undefined;

  constructor(
    private readonly source: TinvestMarketData,
    private readonly api: InvestApi,
    private readonly instruments: readonly Instrument[],
    private readonly interval: BarInterval,
    private readonly handler: LiveBarHandler,
    private readonly options: MarketDataOptions,
    private readonly time: Waiter,
  ) {
    this.assembler = new CandleAssembler(BAR_INTERVAL_MS[interval], (bar) => handler.onBar(bar));
    for (const instrument of instruments) this.byKey.set(streamKey(instrument), instrument);
  }

  async start(): Promise<void> {
    const stream = this.api.stream.market;
    // Reconnects are ours: the package's own only covers errors, and skips the back-fill.
    stream.options.autoReconnect = false;
    // Without an error listener a stream failure becomes an unhandled rejection.
    this.detach.push(stream.on('error', () => {}));
    this.detach.push(
      stream.on('close', (error?: Error) => {
        if (!this.closed) void this.recover(error ?? new Error('stream ended'));
      }),
    );
    await this.watch();
  }

  /** Open time of the newest bar delivered for an instrument. */
  lastDelivered(uid: string): number {
    return this.assembler.lastDelivered(uid);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
    for (const off of this.detach) off();
    await this.api.stream.market.cancel();
  }

  private async watch(): Promise<void> {
    const subscription = this.api.stream.market.candles(
      {
        instruments: this.instruments.map((instrument) => ({
          figi: streamKey(instrument),
          instrumentId: instrument.uid,
          interval: INTERVALS[this.interval].subscription,
        })),
        waitingClose: false,
      },
      (candle) => {
        const instrument = this.byKey.get(candle.figi) ?? this.byKey.get(candle.instrumentUid);
        if (instrument !== undefined) this.assembler.update(toBar(instrument.uid, candle));
      },
    );
    // The package waits for the confirmation forever if the stream dies first.
    const timeout = this.options.subscribeTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        subscription,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no subscription confirmation in ${timeout} ms`)),
            timeout,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async recover(cause: unknown): Promise<void> {
    if (this.recovering) {
      this.droppedWhileRecovering = true;
      return;
    }
    this.recovering = true;
    this.handler.onStreamState?.('down', cause instanceof Error ? cause.message : String(cause));
    const maxDelay = this.options.maxReconnectDelayMs ?? 5_000;
    try {
      for (let attempt = 1; !this.closed; attempt++) {
        this.options.hooks?.onReconnect?.(attempt, cause);
        await this.time.sleep(Math.min(maxDelay, 100 * 2 ** (attempt - 1)));
        if (this.closed) return;
        try {
          // Re-subscribing anew: the stream's own list was cleared when it closed.
          this.droppedWhileRecovering = false;
          this.api.stream.market.subscriptions.clear();
          await this.watch();
          // Every call here runs under the gateway's deadline: a silent connection fails
          // the attempt instead of holding the recovery (and the stream) forever.
          await this.backfill();
          if (this.droppedWhileRecovering) throw new Error('stream ended again while recovering');
          this.handler.onStreamState?.('up', `reconnected after ${attempt} attempt(s)`);
          return;
        } catch (error) {
          cause = error;
        }
      }
    } finally {
      this.recovering = false;
    }
  }

  /** Bars that completed while the stream was down, from GetCandles. */
  private async backfill(): Promise<void> {
    const step = BAR_INTERVAL_MS[this.interval];
    for (const instrument of this.instruments) {
      const last = this.assembler.lastDelivered(instrument.uid);
      if (!Number.isFinite(last)) continue;
      const from = last + step;
      const bars = await this.source.history(
        instrument,
        this.interval,
        from,
        from + INTERVALS[this.interval].maxRangeMs,
      );
      this.assembler.completed(bars);
    }
  }
}
