import { describe, expect, it } from 'vitest';
import type { BrokerContext } from '../contracts/define.js';
import { isPluginDefinition } from '../contracts/define.js';
import type { Logger } from '../contracts/services.js';
import { defineInstrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';
import { recordBrokerEvents } from './recordBrokerEvents.js';
import { SimulatedBroker } from './SimulatedBroker.js';
import {
  attachAccount,
  isAccountAware,
  SimulatedBrokerParamsSchema,
  simulatedBroker,
} from './simulatedBrokerPlugin.js';

const sber = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });
const logger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => logger,
};
const context: BrokerContext = {
  name: 'simulated',
  logger,
  clock: { now: () => 0, setTimer: () => () => {} },
  alerts: { raise: () => {} },
  instruments: [sber],
  mode: 'backtest',
  trading: { state: 'active', halt: () => {}, reduce: () => {}, release: () => {} },
  dataDir: undefined,
};
const buy: Order = {
  id: 'b1',
  strategyId: 's',
  instrument: 'SBER',
  side: 'buy',
  type: 'market',
  lots: 2,
  reason: 'signal',
  createdAt: 0,
  status: 'new',
  filledLots: 0,
  updatedAt: 0,
};
const bar = {
  instrument: 'SBER',
  time: 60_000,
  open: 250,
  high: 251,
  low: 249,
  close: 250,
  volume: 100,
};

describe('simulatedBroker plugin', () => {
  it('is a branded broker definition with id "simulated"', () => {
    expect(isPluginDefinition(simulatedBroker)).toBe(true);
    expect(simulatedBroker.kind).toBe('broker');
    expect(simulatedBroker.id).toBe('simulated');
  });

  it('defaults to the trader tariff, no slippage, through fills, no shorts, cash checks', () => {
    expect(SimulatedBrokerParamsSchema.parse({})).toEqual({
      commission: 'trader',
      slippage: { ticks: 0 },
      limitFill: 'through',
      allowShort: false,
      checkCash: true,
    });
  });

  it('accepts presets, custom rates and every slippage form', () => {
    const parse = (params: unknown) => SimulatedBrokerParamsSchema.safeParse(params).success;
    expect(parse({ commission: 'investor', slippage: 'none' })).toBe(true);
    expect(parse({ commission: { percent: 0.1 }, slippage: { bps: 2.5 } })).toBe(true);
    expect(parse({ maxVolumeParticipation: 0.2, limitFill: 'touch', allowShort: true })).toBe(true);
    expect(SimulatedBrokerParamsSchema.parse({ commission: { percent: 0.1 } }).commission).toEqual({
      percent: 0.1,
      minimum: 0,
    });
  });

  it('rejects unknown keys, unknown presets and out-of-range values', () => {
    const parse = (params: unknown) => SimulatedBrokerParamsSchema.safeParse(params).success;
    expect(parse({ comission: 'trader' })).toBe(false);
    expect(parse({ commission: 'vip' })).toBe(false);
    expect(parse({ commission: { percent: -1 } })).toBe(false);
    expect(parse({ slippage: { ticks: 1.5 } })).toBe(false);
    expect(parse({ slippage: { ticks: 1, bps: 1 } })).toBe(false);
    expect(parse({ maxVolumeParticipation: 0 })).toBe(false);
    expect(parse({ maxVolumeParticipation: 1.01 })).toBe(false);
  });

  it('creates a SimulatedBroker over the context instruments with the parsed params', async () => {
    const params = SimulatedBrokerParamsSchema.parse({
      commission: 'investor',
      slippage: { ticks: 1 },
    });
    const broker = await simulatedBroker.create(params, context);
    expect(broker).toBeInstanceOf(SimulatedBroker);
    const events = recordBrokerEvents();
    await broker.connect(events);
    await broker.submit(buy);
    broker.onBar?.(bar);
    // 2 × 10 × 250.01 = 5000.2; 0.3% = 15.0006 → 15.00
    expect(events.fills).toEqual([
      { orderId: 'b1', lots: 2, price: 250.01, commission: 15, time: 60_000 },
    ]);
  });

  it('takes the account from the host through attachAccount', async () => {
    const broker = await simulatedBroker.create(SimulatedBrokerParamsSchema.parse({}), context);
    expect(isAccountAware(broker)).toBe(true);
    expect(attachAccount(broker, { cashNanos: () => 100_000_000_000n, position: () => 0 })).toBe(
      true,
    );
    const events = recordBrokerEvents();
    await broker.connect(events);
    await broker.submit(buy);
    broker.onBar?.(bar);
    expect(events.rejectionCode('b1')).toBe('NOT_ENOUGH_MONEY');
    const plain = { connect: () => {}, submit: () => {}, cancel: () => {} };
    expect(attachAccount(plain, { cashNanos: () => 0n, position: () => 0 })).toBe(false);
  });
});
