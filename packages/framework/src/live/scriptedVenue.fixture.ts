/**
 * An in-process venue for the live host's tests: bars pushed by the test, a trading
 * status per instrument, and, for sandbox and real modes, orders acknowledged at once
 * and filled when the test says so. It implements the framework's own contracts; the
 * T-Invest plugin is tested against the fake exchange over real gRPC in its package.
 * @module
 */
import { z } from 'zod';
import type {
  BrokerAccountState,
  BrokerEvents,
  BrokerFill,
  BrokerOrderState,
} from '../contracts/broker.js';
import { defineBroker } from '../contracts/define.js';
import type {
  InstrumentRef,
  LiveBarHandler,
  TradingAvailability,
} from '../contracts/marketData.js';
import type { VenueAccount, VenueBroker } from '../contracts/venue.js';
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';

export interface ScriptedVenueOptions {
  readonly instruments: readonly Instrument[];
  readonly history?: readonly Bar[];
  readonly account?: Partial<VenueAccount>;
  readonly accountState?: BrokerAccountState;
}

/** The venue's state, which tests read and change between sessions. */
export class ScriptedVenue implements VenueBroker {
  readonly submitted: Order[] = [];
  readonly cancelled: string[] = [];
  readonly orderStates = new Map<string, BrokerOrderState>();
  readonly status = new Map<string, TradingAvailability>();
  accountState_: BrokerAccountState;
  history: Bar[];
  private handler: LiveBarHandler | undefined;
  private events: BrokerEvents | undefined;
  /** Hook called when an order arrives; the state store must already hold it. */
  onSubmit: ((order: Order) => void | Promise<void>) | undefined;
  closed = 0;

  readonly venue: { -readonly [K in keyof VenueBroker['venue']]: VenueBroker['venue'][K] };

  constructor(options: ScriptedVenueOptions) {
    this.history = [...(options.history ?? [])];
    this.accountState_ = options.accountState ?? { cashNanos: 0n, positions: [], openOrders: [] };
    for (const instrument of options.instruments)
      this.status.set(instrument.uid, { tradable: true });
    const byRef = (ref: InstrumentRef) =>
      options.instruments.find((i) =>
        'ticker' in ref
          ? i.ticker === ref.ticker
          : 'figi' in ref
            ? i.figi === ref.figi
            : i.uid === ref.uid,
      );
    this.venue = {
      open: async () => ({
        accountId: 'acc-1',
        canTrade: true,
        description: 'scripted venue',
        ...options.account,
      }),
      instruments: {
        resolve: async (ref) => {
          const found = byRef(ref);
          if (found === undefined) throw new Error(`unknown instrument ${JSON.stringify(ref)}`);
          return found;
        },
        find: async () => [],
      },
      marketData: {
        history: async (instrument, _interval, from, to) =>
          this.history.filter(
            (b) => b.instrument === instrument.uid && b.time >= from && b.time < to,
          ),
        subscribe: async (_instruments, _interval, handler) => {
          this.handler = handler;
          return {
            close: async () => {
              this.handler = undefined;
            },
          };
        },
        tradingAvailability: async (instrument) => this.status.get(instrument.uid)!,
      },
    };
  }

  /** Delivers a completed bar to the session. */
  emit(bar: Bar): void {
    this.handler?.onBar(bar);
  }

  get subscribed(): boolean {
    return this.handler !== undefined;
  }

  connect(events: BrokerEvents): void {
    this.events = events;
  }

  async submit(order: Order): Promise<void> {
    await this.onSubmit?.(order);
    this.submitted.push({ ...order });
    this.orderStates.set(order.id, {
      orderId: order.id,
      brokerOrderId: `x-${order.id}`,
      status: 'submitted',
      lotsRequested: order.lots,
      lotsExecuted: 0,
      executions: [],
    });
    this.events!.accepted(order.id, `x-${order.id}`);
  }

  /** Fills `lots` of an order at the venue; `report: false` leaves the report lost. */
  fill(orderId: string, execution: Omit<BrokerFill, 'orderId'>, report = true): void {
    const state = this.orderStates.get(orderId)!;
    const executed = state.lotsExecuted + execution.lots;
    this.orderStates.set(orderId, {
      ...state,
      lotsExecuted: executed,
      status: executed >= state.lotsRequested ? 'filled' : 'partially_filled',
      executions: [...state.executions, { orderId, ...execution }],
    });
    if (report) this.events!.filled({ orderId, ...execution });
  }

  cancel(orderId: string): void {
    this.cancelled.push(orderId);
    const state = this.orderStates.get(orderId);
    if (state) this.orderStates.set(orderId, { ...state, status: 'cancelled' });
    this.events?.cancelled(orderId);
  }

  /** Called as the account is read: lets a test make something happen at that moment. */
  onAccountState: (() => void) | undefined;

  async accountState(): Promise<BrokerAccountState> {
    this.onAccountState?.();
    return this.accountState_;
  }

  async orderState(orderId: string): Promise<BrokerOrderState | undefined> {
    return this.orderStates.get(orderId);
  }

  close(): void {
    this.closed += 1;
  }
}

/** A broker plugin definition handing out `venue` (id `scripted-venue`). */
export function scriptedVenuePlugin(venue: ScriptedVenue) {
  return defineBroker({ id: 'scripted-venue', params: z.object({}).strict(), create: () => venue });
}
