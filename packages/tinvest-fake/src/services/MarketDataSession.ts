/**
 * One market data stream connection: its candle and last price subscriptions and the
 * messages it owes the client. Subscription replies echo `figi` and `interval`, because
 * the `tinkoff-invest-api` client matches replies and data to its requests by them.
 * @module
 */

import { randomUUID } from 'node:crypto';
import {
  type CandleInstrument,
  type LastPriceInstrument,
  type MarketDataRequest,
  MarketDataResponse,
  SubscriptionAction,
  SubscriptionStatus,
} from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import type { Instrument } from '../instruments/Instrument.js';
import { findInterval } from '../market/intervals.js';
import type { AsyncQueue } from '../server/AsyncQueue.js';
import { toCandleMessage, toLastPrice } from './marketMessages.js';

/** The most subscriptions one stream may hold, as on the real API. */
export const MAX_SUBSCRIPTIONS = 300;

interface CandleSubscription {
  readonly instrument: Instrument;
  readonly interval: number;
  readonly intervalMs: number;
  readonly waitingClose: boolean;
  readonly subscriptionId: string;
  readonly unwatch: () => void;
}

/** The subscriptions and outgoing messages of one stream. */
export class MarketDataSession {
  private readonly candles = new Map<string, CandleSubscription>();
  private readonly prices = new Map<string, { instrument: Instrument; subscriptionId: string }>();
  private readonly stops: (() => void)[] = [];
  readonly streamId = randomUUID();

  constructor(
    private readonly core: ExchangeCore,
    private readonly queue: AsyncQueue<MarketDataResponse>,
    private readonly trackingId: string,
  ) {
    this.stops.push(
      core.events.candle.on(({ uid, intervalMs, candle, complete }) => {
        const subscription = this.candles.get(`${uid}|${intervalMs}`);
        if (!subscription || (!complete && subscription.waitingClose)) return;
        const message = toCandleMessage(subscription.instrument, subscription.interval, candle);
        this.queue.push(MarketDataResponse.fromJSON({ candle: message }));
      }),
      core.events.lastPrice.on(({ uid, price, time }) => {
        const subscription = this.prices.get(uid);
        if (!subscription) return;
        const lastPrice = toLastPrice(subscription.instrument, price, time);
        this.queue.push(MarketDataResponse.fromJSON({ lastPrice }));
      }),
    );
  }

  /** Handles one client request. */
  handle(request: MarketDataRequest): void {
    if (request.subscribeCandlesRequest) {
      const { subscriptionAction, instruments, waitingClose } = request.subscribeCandlesRequest;
      const candlesSubscriptions = instruments.map((i) =>
        this.candleAction(i, subscriptionAction, waitingClose),
      );
      this.reply({
        subscribeCandlesResponse: { trackingId: this.trackingId, candlesSubscriptions },
      });
    }
    if (request.subscribeLastPriceRequest) {
      const { subscriptionAction, instruments } = request.subscribeLastPriceRequest;
      const lastPriceSubscriptions = instruments.map((i) =>
        this.priceAction(i, subscriptionAction),
      );
      this.reply({
        subscribeLastPriceResponse: { trackingId: this.trackingId, lastPriceSubscriptions },
      });
    }
    // Order books, trades and info are not modelled: refuse them, so a client's `watch` fails
    // instead of waiting for a reply that never comes.
    const refused = (instruments: readonly { figi: string; instrumentId: string }[]) =>
      instruments.map((i) => ({
        figi: i.figi,
        subscriptionStatus: SubscriptionStatus.SUBSCRIPTION_STATUS_INTERNAL_ERROR,
        instrumentUid: this.core.instruments.find(i.instrumentId || i.figi)?.uid ?? '',
        streamId: this.streamId,
      }));
    const books = request.subscribeOrderBookRequest;
    if (books) {
      const orderBookSubscriptions = refused(books.instruments).map((reply, index) => ({
        ...reply,
        depth: books.instruments[index]!.depth,
      }));
      this.reply({
        subscribeOrderBookResponse: { trackingId: this.trackingId, orderBookSubscriptions },
      });
    }
    if (request.subscribeTradesRequest) {
      const tradeSubscriptions = refused(request.subscribeTradesRequest.instruments);
      this.reply({ subscribeTradesResponse: { trackingId: this.trackingId, tradeSubscriptions } });
    }
    if (request.subscribeInfoRequest) {
      const infoSubscriptions = refused(request.subscribeInfoRequest.instruments);
      this.reply({ subscribeInfoResponse: { trackingId: this.trackingId, infoSubscriptions } });
    }
    if (request.getMySubscriptions) {
      const success = SubscriptionStatus.SUBSCRIPTION_STATUS_SUCCESS;
      const candlesSubscriptions = [...this.candles.values()].map((s) =>
        this.candleReply(s, success),
      );
      this.reply({
        subscribeCandlesResponse: { trackingId: this.trackingId, candlesSubscriptions },
      });
    }
    if (request.ping)
      this.reply({ ping: { time: new Date(this.core.now), streamId: this.streamId } });
  }

  /** Drops every subscription and listener. */
  close(): void {
    for (const stop of this.stops) stop();
    for (const subscription of this.candles.values()) subscription.unwatch();
    this.candles.clear();
    this.prices.clear();
  }

  private reply(message: object): void {
    this.queue.push(MarketDataResponse.fromJSON(message));
  }

  private count(): number {
    return this.candles.size + this.prices.size;
  }

  private candleReply(s: CandleSubscription, status: SubscriptionStatus) {
    return {
      figi: s.instrument.figi,
      interval: s.interval,
      subscriptionStatus: status,
      instrumentUid: s.instrument.uid,
      waitingClose: s.waitingClose,
      streamId: this.streamId,
      subscriptionId: s.subscriptionId,
    };
  }

  private candleAction(
    request: CandleInstrument,
    action: SubscriptionAction,
    waitingClose: boolean,
  ) {
    const instrument = this.core.instruments.find(request.instrumentId || request.figi);
    const interval = findInterval(request.interval);
    const failed = (status: SubscriptionStatus) => ({
      figi: request.figi,
      interval: request.interval,
      subscriptionStatus: status,
      instrumentUid: instrument?.uid ?? '',
      waitingClose,
      streamId: this.streamId,
      subscriptionId: '',
    });
    if (!instrument) return failed(SubscriptionStatus.SUBSCRIPTION_STATUS_INSTRUMENT_NOT_FOUND);
    if (!interval) return failed(SubscriptionStatus.SUBSCRIPTION_STATUS_INTERVAL_IS_INVALID);
    const key = `${instrument.uid}|${interval.ms}`;
    const existing = this.candles.get(key);
    if (action === SubscriptionAction.SUBSCRIPTION_ACTION_UNSUBSCRIBE) {
      if (!existing) return failed(SubscriptionStatus.SUBSCRIPTION_STATUS_SUBSCRIPTION_NOT_FOUND);
      existing.unwatch();
      this.candles.delete(key);
      return this.candleReply(existing, SubscriptionStatus.SUBSCRIPTION_STATUS_SUCCESS);
    }
    if (action !== SubscriptionAction.SUBSCRIPTION_ACTION_SUBSCRIBE) {
      return failed(SubscriptionStatus.SUBSCRIPTION_STATUS_SUBSCRIPTION_ACTION_IS_INVALID);
    }
    if (existing) return this.candleReply(existing, SubscriptionStatus.SUBSCRIPTION_STATUS_SUCCESS);
    if (this.count() >= MAX_SUBSCRIPTIONS)
      return failed(SubscriptionStatus.SUBSCRIPTION_STATUS_LIMIT_IS_EXCEEDED);
    const subscription: CandleSubscription = {
      instrument,
      interval: interval.api,
      intervalMs: interval.ms,
      waitingClose,
      subscriptionId: randomUUID(),
      unwatch: this.core.watchCandles(instrument.uid, interval.ms),
    };
    this.candles.set(key, subscription);
    return this.candleReply(subscription, SubscriptionStatus.SUBSCRIPTION_STATUS_SUCCESS);
  }

  private priceAction(request: LastPriceInstrument, action: SubscriptionAction) {
    const instrument = this.core.instruments.find(request.instrumentId || request.figi);
    const reply = (status: SubscriptionStatus, subscriptionId = '') => ({
      figi: instrument?.figi ?? request.figi,
      subscriptionStatus: status,
      instrumentUid: instrument?.uid ?? '',
      streamId: this.streamId,
      subscriptionId,
    });
    if (!instrument) return reply(SubscriptionStatus.SUBSCRIPTION_STATUS_INSTRUMENT_NOT_FOUND);
    const existing = this.prices.get(instrument.uid);
    if (action === SubscriptionAction.SUBSCRIPTION_ACTION_UNSUBSCRIBE) {
      if (!existing) return reply(SubscriptionStatus.SUBSCRIPTION_STATUS_SUBSCRIPTION_NOT_FOUND);
      this.prices.delete(instrument.uid);
      return reply(SubscriptionStatus.SUBSCRIPTION_STATUS_SUCCESS, existing.subscriptionId);
    }
    if (action !== SubscriptionAction.SUBSCRIPTION_ACTION_SUBSCRIBE) {
      return reply(SubscriptionStatus.SUBSCRIPTION_STATUS_SUBSCRIPTION_ACTION_IS_INVALID);
    }
    if (existing)
      return reply(SubscriptionStatus.SUBSCRIPTION_STATUS_SUCCESS, existing.subscriptionId);
    if (this.count() >= MAX_SUBSCRIPTIONS)
      return reply(SubscriptionStatus.SUBSCRIPTION_STATUS_LIMIT_IS_EXCEEDED);
    const subscriptionId = randomUUID();
    this.prices.set(instrument.uid, { instrument, subscriptionId });
    return reply(SubscriptionStatus.SUBSCRIPTION_STATUS_SUCCESS, subscriptionId);
  }
}
