/**
 * The operator config (`moex-bot.yaml`) as one zod schema. Static types, the
 * JSON Schema (`moex-bot config schema`) and the config reference all come from it.
 * @module
 */
import { z } from 'zod';
import { InstrumentSchema } from '../domain/instrument.js';

const pluginId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, 'must be a kebab-case plugin id such as sma-cross');

const params = z
  .record(z.string(), z.unknown())
  .default({})
  .describe("The plugin's parameters, checked against the plugin's own schema");

/** One plugin instance in the config. */
export const PluginRefSchema = z.object({
  plugin: pluginId.describe('Plugin id, from the `moexBot.id` field of an installed package'),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .optional()
    .describe('Instance name, unique per kind; defaults to the plugin id'),
  params,
});

export const StrategyRefSchema = PluginRefSchema.extend({
  instruments: z
    .array(z.string().min(1))
    .min(1)
    .describe('Tickers or uids of the instruments this strategy trades'),
  enabled: z.boolean().default(true),
});

const money = z.number().positive();
const percent = z.number().positive().max(100);

export const RiskLimitsSchema = z
  .object({
    maxInstrumentExposure: money
      .optional()
      .describe('Cap on |position| × its own last price per instrument, in RUB'),
    maxGrossExposure: money
      .optional()
      .describe('Cap on Σ |position| × own last price across all instruments, in RUB'),
    maxOrderNotional: money.optional().describe('Cap on lots × lot × price of one order, in RUB'),
    maxOpenOrders: z.number().int().positive().optional().describe('Cap on orders not yet filled'),
    dailyLossLimit: money
      .optional()
      .describe('Halt for the rest of the Moscow day once equity falls this many RUB below the day start'),
    dailyLossLimitPercent: percent
      .optional()
      .describe('The same as a percent of equity at the start of the Moscow day'),
    stopLossPercent: percent
      .optional()
      .describe('Exit a position when price moves this percent against its average price'),
    trailingStopPercent: percent
      .optional()
      .describe('Exit a position when price retreats this percent from its best since entry'),
    onExposureBreach: z
      .enum(['resize', 'deny'])
      .default('resize')
      .describe('Shrink an order to the whole lots that fit under exposure caps, or deny it'),
  })
  .default({ onExposureBreach: 'resize' });

export const RiskConfigSchema = z
  .object({
    limits: RiskLimitsSchema,
    plugins: z.array(PluginRefSchema).default([]).describe('Risk plugins, run in order after the built-in checks'),
  })
  .default({ limits: { onExposureBreach: 'resize' }, plugins: [] });

export const BarFileSchema = z.object({
  instrument: z.string().min(1).describe('Ticker or uid of a configured instrument'),
  file: z.string().min(1).describe('CSV with time,open,high,low,close,volume; relative to the config file'),
});

export const BacktestConfigSchema = z
  .object({
    initialCash: money.default(1_000_000).describe('Starting cash in RUB'),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('First bar time to use (inclusive)'),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('Last bar time to use (exclusive)'),
    out: z.string().default('out').describe('Folder for results, relative to the config file'),
  })
  .default({ initialCash: 1_000_000, out: 'out' });

export const LoggingConfigSchema = z
  .object({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
    format: z.enum(['json', 'pretty']).default('json'),
  })
  .default({ level: 'info', format: 'json' });

export const EngineConfigSchema = z
  .object({
    historySize: z.number().int().min(1).max(1_000_000).default(500).describe('Bars kept per instrument for strategies'),
  })
  .default({ historySize: 500 });

/** The whole operator config. */
export const OperatorConfigSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).default('moex-bot').describe('Name of this trading setup'),
    mode: z.enum(['backtest', 'paper', 'sandbox', 'real']).default('backtest'),
    instruments: z.array(InstrumentSchema).min(1).describe('The instruments this setup may trade'),
    data: z
      .object({ bars: z.array(BarFileSchema).default([]) })
      .default({ bars: [] })
      .describe('Market data for backtests'),
    strategies: z.array(StrategyRefSchema).min(1),
    risk: RiskConfigSchema,
    broker: PluginRefSchema.default({ plugin: 'simulated', params: {} }).describe(
      'Where orders go; `simulated` is built in',
    ),
    alerts: z.array(PluginRefSchema).default([]),
    backtest: BacktestConfigSchema,
    engine: EngineConfigSchema,
    logging: LoggingConfigSchema,
  })
  .strict();

export type OperatorConfig = z.output<typeof OperatorConfigSchema>;
export type OperatorConfigInput = z.input<typeof OperatorConfigSchema>;
export type RiskLimits = z.output<typeof RiskLimitsSchema>;
export type PluginRef = z.output<typeof PluginRefSchema>;
export type StrategyRef = z.output<typeof StrategyRefSchema>;
