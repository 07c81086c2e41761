/**
 * The operator config (`moex-bot.yaml`) as one zod schema. Static types, the
 * JSON Schema (`moex-bot config schema`) and the config reference all come from it.
 * Every object is strict: a misspelt key (`maxGrossExposur`) must be an error, not a
 * silently ignored risk limit.
 * @module
 */
import { z } from 'zod';
import { InstrumentSchema } from '../domain/instrument.js';
import { listenAddress } from '../observability/listenAddress.js';

const pluginId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, 'must be a kebab-case plugin id such as sma-cross');

const params = z
  .record(z.string(), z.unknown())
  .default({})
  .describe("The plugin's parameters, checked against the plugin's own schema");

/**
 * The domain instrument schema made strict and documented for operators. It keeps the
 * domain schema's price-step check and its transform (uid defaults to the ticker).
 */
const instrumentFields = InstrumentSchema.in.shape;
const ConfigInstrumentSchema = InstrumentSchema.in
  .safeExtend({
    uid: instrumentFields.uid.describe('T-Invest `instrument_uid`; defaults to the ticker'),
    figi: instrumentFields.figi.describe('FIGI, for reference and older API calls'),
    currency: instrumentFields.currency.describe('Currency of prices, ISO code'),
    name: instrumentFields.name.describe('Human-readable name, for reports'),
  })
  .strict()
  .pipe(InstrumentSchema.out);

/** One plugin instance in the config. */
export const PluginRefSchema = z
  .object({
    plugin: pluginId.describe('Plugin id, from the `moexBot.id` field of an installed package'),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .optional()
      .describe('Instance name, unique per kind; defaults to the plugin id'),
    params,
  })
  .strict();

const severity = z.enum(['info', 'warning', 'critical']);
const typePattern = z
  .string()
  .regex(
    /^(\*|[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?)$/,
    'must be an event type such as order.rejected, a prefix such as risk.*, or *',
  );

/** A channel's rate limit: a token bucket under a hard per-minute cap. */
export const RateLimitSchema = z
  .object({
    perMinute: z
      .number()
      .int()
      .min(1)
      .default(20)
      .describe(
        'Hard limit: alerts sent in any 60 s, critical ones included (a digest comes on top, at most one per digest interval); also the refill rate',
      ),
    burst: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Ordinary alerts sent back to back before the refill rate applies'),
  })
  .strict();

/** One alert channel: a plugin instance and which alerts it takes, how fast. */
export const AlertChannelRefSchema = PluginRefSchema.extend({
  minSeverity: severity.default('info').describe('Lowest severity this channel takes'),
  types: z
    .array(typePattern)
    .min(1)
    .default(['*'])
    .describe('Event types this channel takes: exact (`order.rejected`), prefix (`risk.*`) or `*`'),
  excludeTypes: z
    .array(typePattern)
    .default([])
    .describe('Event types this channel never takes, in the same notation'),
  rateLimit: RateLimitSchema.optional().describe(
    'This channel’s rate limit; `alerting.rateLimit` when omitted',
  ),
}).strict();

export const StrategyRefSchema = PluginRefSchema.extend({
  instruments: z
    .array(z.string().min(1))
    .min(1)
    .describe('Tickers or uids of the instruments this strategy trades'),
  enabled: z.boolean().default(true).describe('Set to false to keep the entry but not run it'),
}).strict();

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
      .describe(
        'Halt for the rest of the Moscow day once equity falls this many RUB below the day start',
      ),
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
  .strict()
  .default({ onExposureBreach: 'resize' })
  .describe('Limits the host enforces on every order, before any risk plugin');

export const RiskConfigSchema = z
  .object({
    limits: RiskLimitsSchema,
    plugins: z
      .array(PluginRefSchema)
      .default([])
      .describe('Risk plugins, run in order after the built-in checks'),
  })
  .strict()
  .default({ limits: { onExposureBreach: 'resize' }, plugins: [] })
  .describe('Built-in risk limits and risk plugins');

export const BarFileSchema = z
  .object({
    instrument: z.string().min(1).describe('Ticker or uid of a configured instrument'),
    file: z
      .string()
      .min(1)
      .describe('CSV with time,open,high,low,close,volume; relative to the config file'),
  })
  .strict();

const dateOrTime = z.iso.datetime({ offset: true }).or(z.iso.date());

const barInterval = z.enum(['1m', '5m', '15m', '1h', '1d']);

/** Where the market-data store keeps its files: a local folder or an S3-compatible bucket. */
export const DataStoreSchema = z
  .union([
    z
      .object({
        path: z.string().min(1).describe('Local folder of the store, relative to the config file'),
      })
      .strict(),
    z
      .object({
        s3: z
          .object({
            bucket: z.string().min(1).describe('Bucket name'),
            prefix: z.string().default('').describe('Key prefix inside the bucket'),
            endpoint: z
              .string()
              .optional()
              .describe('Endpoint URL of an S3-compatible server (MinIO); AWS when omitted'),
            region: z.string().default('us-east-1').describe('Region'),
            forcePathStyle: z
              .boolean()
              .default(false)
              .describe('Path-style URLs (bucket in the path), as MinIO needs'),
          })
          .strict()
          .describe(
            'S3-compatible bucket (`npm install @moex-bot/store-s3`); credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the AWS profile, never from this file',
          ),
      })
      .strict(),
  ])
  .default({ path: 'data' })
  .describe('The versioned Parquet market-data store');

const policy = z.enum(['error', 'warn', 'off']);

/** Which data-quality checks run before every backtest, and how strictly. */
export const QualityConfigSchema = z
  .object({
    checks: z
      .object({
        schema: policy.default('error').describe('Fields present, of the right type, finite'),
        order: policy.default('error').describe('Timestamps sorted and unique'),
        ohlc: policy.default('error').describe('low ≤ open, close ≤ high'),
        volume: policy.default('error').describe('Volume not negative'),
        missing: policy.default('warn').describe('Bars missing inside trading sessions'),
        stale: policy.default('warn').describe('Runs of identical bars'),
        outliers: policy.default('warn').describe('Returns far outside the usual'),
      })
      .strict()
      .default({
        schema: 'error',
        order: 'error',
        ohlc: 'error',
        volume: 'error',
        missing: 'warn',
        stale: 'warn',
        outliers: 'warn',
      })
      .describe('Policy of each check: `error` stops the backtest, `warn` reports, `off` skips'),
    sessions: z
      .array(z.string().min(1))
      .default(['main'])
      .describe(
        'Sessions whose minutes must all have bars (main, evening, morning, weekend); night and closed days never count',
      ),
    closedDays: z
      .array(z.iso.date())
      .default([])
      .describe('Exchange holidays, YYYY-MM-DD: no bars are expected on them'),
    staleRun: z
      .number()
      .int()
      .min(2)
      .default(30)
      .describe(
        'Identical consecutive bars (same OHLC, zero or equal volume) that make a stale run',
      ),
    outlierReturn: z
      .number()
      .positive()
      .default(0.2)
      .describe(
        'Bar-to-bar close return (as a fraction, 0.2 = 20 %) beyond which a bar is an outlier',
      ),
  })
  .strict()
  .prefault({})
  .describe('Data-quality checks run before every backtest and by `moex-bot data check`');

/** Market data for backtests: CSV files, or datasets of the Parquet store. */
export const DataConfigSchema = z
  .object({
    bars: z
      .array(BarFileSchema)
      .default([])
      .describe('Bar files, one entry per instrument and file; when empty, the store is read'),
    store: DataStoreSchema,
    source: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .default('tinvest')
      .describe(
        'Source of the store datasets to read: `tinvest` (fetched) or a name given at import',
      ),
    interval: barInterval.default('1m').describe('Bar interval of the store datasets to read'),
    quality: QualityConfigSchema,
  })
  .strict()
  .prefault({})
  .describe('Market data for backtests');

export const BacktestConfigSchema = z
  .object({
    initialCash: money.default(1_000_000).describe('Starting cash in RUB'),
    from: dateOrTime.optional().describe('First bar time to use (inclusive)'),
    to: dateOrTime.optional().describe('Last bar time to use (exclusive)'),
    out: z
      .string()
      .default('runs')
      .describe(
        'Folder holding one sub-folder per run (`runs/<run-id>/`), relative to the config file',
      ),
  })
  .strict()
  .default({ initialCash: 1_000_000, out: 'runs' })
  .describe('Settings of `moex-bot backtest`');

export const PaperConfigSchema = z
  .object({
    initialCash: money.default(1_000_000).describe('Starting cash of the paper account in RUB'),
    broker: PluginRefSchema.default({ plugin: 'simulated', params: {} }).describe(
      'The simulator that fills paper orders against live bars; `simulated` is built in',
    ),
  })
  .strict()
  .default({ initialCash: 1_000_000, broker: { plugin: 'simulated', params: {} } })
  .describe('Paper trading: live market data, simulated fills');

export const LiveConfigSchema = z
  .object({
    interval: barInterval.default('1m').describe('Bar interval strategies receive'),
    warmupBars: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(100)
      .describe('Bars of history per instrument fed to strategies before trading starts'),
    state: z
      .string()
      .min(1)
      .default('state/moex-bot.sqlite')
      .describe('SQLite state file (orders, fills, trading state), relative to the config file'),
    cancelOnStop: z
      .boolean()
      .default(true)
      .describe('Cancel open orders when the session stops (SIGINT / SIGTERM)'),
    availabilityRefreshSeconds: z
      .number()
      .positive()
      .default(30)
      .describe('How often each instrument’s trading status and session are asked for'),
    paper: PaperConfigSchema,
  })
  .strict()
  .default({
    interval: '1m',
    warmupBars: 100,
    state: 'state/moex-bot.sqlite',
    cancelOnStop: true,
    availabilityRefreshSeconds: 30,
    paper: { initialCash: 1_000_000, broker: { plugin: 'simulated', params: {} } },
  })
  .describe('Settings of `moex-bot live` (modes paper, sandbox and real)');

export const LoggingConfigSchema = z
  .object({
    level: z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'silent'])
      .default('info')
      .describe('Lowest level written'),
    format: z
      .enum(['json', 'pretty'])
      .default('json')
      .describe('`json` lines for machines, `pretty` for a terminal'),
  })
  .strict()
  .default({ level: 'info', format: 'json' })
  .describe('Log output');

export const EngineConfigSchema = z
  .object({
    historySize: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(500)
      .describe('Bars kept per instrument for strategies'),
  })
  .strict()
  .default({ historySize: 500 })
  .describe('Engine tuning');

const seconds = z.number().positive();

/** Streaming anomaly detectors of a live session. */
export const AnomalyConfigSchema = z
  .object({
    zScore: z
      .number()
      .positive()
      .default(4)
      .describe('Deviations from the baseline, in standard deviations, that make an anomaly'),
    warmup: z
      .number()
      .int()
      .min(2)
      .default(20)
      .describe('Samples a detector learns from before it judges'),
    halfLife: z
      .number()
      .positive()
      .default(30)
      .describe('Samples after which an old sample weighs half in the baseline (EWMA)'),
    latency: z
      .object({
        enabled: z.boolean().default(true),
        minChangeMs: z
          .number()
          .min(0)
          .default(50)
          .describe('Smallest rise above the baseline that counts, in ms'),
      })
      .strict()
      .prefault({})
      .describe('Order round-trip latency (submit → acknowledgement), one sample per order'),
    rejections: z
      .object({
        enabled: z.boolean().default(true),
        window: z
          .number()
          .int()
          .min(2)
          .default(20)
          .describe('Orders over which the rejection rate is taken'),
        minChange: z
          .number()
          .min(0)
          .max(1)
          .default(0.25)
          .describe('Smallest rise of the rejection rate above the baseline that counts'),
      })
      .strict()
      .prefault({})
      .describe('Share of orders the broker rejects, one sample per acknowledgement'),
    pnl: z
      .object({
        enabled: z.boolean().default(true),
        minChangePercent: z
          .number()
          .min(0)
          .default(0.5)
          .describe('Smallest P&L change per interval that counts, in percent of equity'),
      })
      .strict()
      .prefault({})
      .describe('P&L per bar interval, both directions'),
  })
  .strict()
  .prefault({})
  .describe(
    'Streaming anomaly detectors (EWMA z-score with a floor); each raises one alert per episode',
  );

/** How alerts are deduplicated, limited, retried and summed up. */
export const AlertingConfigSchema = z
  .object({
    dedupSeconds: seconds
      .default(300)
      .describe('Identical alerts (type, severity, message) within this window are sent once'),
    digestSeconds: seconds
      .default(60)
      .describe('Held-back alerts are summed up in one digest this long after the first of them'),
    rateLimit: RateLimitSchema.prefault({}).describe('Rate limit of channels that set none'),
    retry: z
      .object({
        attempts: z
          .number()
          .int()
          .min(1)
          .default(6)
          .describe('Tries per alert, the first included'),
        initialSeconds: seconds
          .default(1)
          .describe('Wait before the first retry; doubled each time'),
        maxSeconds: seconds.default(60).describe('Longest wait between tries'),
      })
      .strict()
      .prefault({})
      .describe('Retries of failed deliveries, with exponential backoff and jitter'),
    closeTimeoutSeconds: z
      .number()
      .min(0)
      .default(10)
      .describe('How long stopping waits for deliveries still being retried'),
    denialBurst: z
      .object({
        count: z.number().int().min(1).default(10).describe('Risk denials that make a burst'),
        windowSeconds: seconds.default(60).describe('Within this many seconds'),
      })
      .strict()
      .prefault({})
      .describe('Raise `risk.denial-burst` when this many intents are denied in the window'),
    dailySummary: z
      .union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')])
      .default('23:55')
      .describe('Moscow time of the daily summary alert of a live session, or `off`'),
    anomalies: AnomalyConfigSchema,
  })
  .strict()
  .prefault({})
  .describe(
    'Alert policy: deduplication, rate limits, digests, retries, bursts, summaries, anomalies',
  );

/** The HTTP endpoint of a live session. */
export const MetricsConfigSchema = z
  .object({
    listen: z
      .string()
      .refine(
        (text) => listenAddress(text) !== undefined,
        'must be host:port or a port (0–65535), e.g. 127.0.0.1:9464',
      )
      .optional()
      .describe('Serve /metrics, /healthz and /readyz here (host:port); off when omitted'),
    staleAfterSeconds: seconds
      .default(180)
      .describe('While a market session is open, no bar for this long makes /readyz fail'),
  })
  .strict()
  .prefault({})
  .describe('The live session’s HTTP endpoint for Prometheus and health checks');

/** The whole operator config. */
export const OperatorConfigSchema = z
  .object({
    $schema: z
      .string()
      .optional()
      .describe('Path or URL of the JSON Schema, for editors; ignored by moex-bot'),
    name: z.string().min(1).default('moex-bot').describe('Name of this trading setup'),
    mode: z
      .enum(['backtest', 'paper', 'sandbox', 'real'])
      .default('backtest')
      .describe('backtest on files, paper (live data, simulated fills), sandbox or real broker'),
    instruments: z
      .array(ConfigInstrumentSchema)
      .min(1)
      .describe('The instruments this setup may trade'),
    data: DataConfigSchema,
    strategies: z.array(StrategyRefSchema).min(1).describe('Strategy instances to run'),
    risk: RiskConfigSchema,
    broker: PluginRefSchema.default({ plugin: 'simulated', params: {} }).describe(
      'Where orders go: `simulated` (built in) for backtests; a venue plugin such as `tinvest` for live modes, whose market data paper trading uses',
    ),
    alerts: z
      .array(AlertChannelRefSchema)
      .default([])
      .describe('Alert channels, each with its own routing and rate limit'),
    alerting: AlertingConfigSchema,
    metrics: MetricsConfigSchema,
    backtest: BacktestConfigSchema,
    live: LiveConfigSchema,
    engine: EngineConfigSchema,
    logging: LoggingConfigSchema,
  })
  .strict();

export type OperatorConfig = z.output<typeof OperatorConfigSchema>;
export type OperatorConfigInput = z.input<typeof OperatorConfigSchema>;
export type RiskLimits = z.output<typeof RiskLimitsSchema>;
export type PluginRef = z.output<typeof PluginRefSchema>;
export type AlertChannelRef = z.output<typeof AlertChannelRefSchema>;
export type AlertingConfig = z.output<typeof AlertingConfigSchema>;
export type AnomalyConfig = z.output<typeof AnomalyConfigSchema>;
export type MetricsConfig = z.output<typeof MetricsConfigSchema>;
export type StrategyRef = z.output<typeof StrategyRefSchema>;
export type LiveConfig = z.output<typeof LiveConfigSchema>;
