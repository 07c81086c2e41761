/**
 * Shared fixtures of the simulator's tests: instruments on very different grids,
 * order and bar builders, and a connected broker that records its events.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import { defineInstrument, type Instrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';
import { recordBrokerEvents } from './recordBrokerEvents.js';
import { SimulatedBroker, type SimulatedBrokerOptions } from './SimulatedBroker.js';

export const sber = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });
export const lkoh = defineInstrument({ ticker: 'LKOH', lot: 1, minPriceIncrement: 0.5 });
export const nano = defineInstrument({
  ticker: 'NANO',
  lot: 1000,
  minPriceIncrement: '0.000000001',
});
export const unit = defineInstrument({ ticker: 'UNIT', lot: 100, minPriceIncrement: 1 });
export const MINUTE = 60_000;

let nextId = 0;

/** A new market buy of one SBER lot, with `fields` overridden; ids are unique. */
export const order = (fields: Partial<Order> = {}): Order => ({
  id: `o${++nextId}`,
  strategyId: 's',
  instrument: 'SBER',
  side: 'buy',
  type: 'market',
  lots: 1,
  reason: 'signal',
  createdAt: 0,
  status: 'new',
  filledLots: 0,
  updatedAt: 0,
  ...fields,
});

/** An SBER bar at `time` trading 99–101 around 100, with `fields` overridden. */
export const bar = (time: number, fields: Partial<Bar> = {}): Bar => ({
  instrument: 'SBER',
  time,
  open: 100,
  high: 101,
  low: 99,
  close: 100,
  volume: 1000,
  ...fields,
});

/** A simulated broker over `instruments`, connected to a recording event sink. */
export const setup = (
  options: SimulatedBrokerOptions = {},
  instruments: readonly Instrument[] = [sber, lkoh],
) => {
  const broker = new SimulatedBroker(instruments, options);
  const events = recordBrokerEvents();
  broker.connect(events);
  return { broker, events };
};
