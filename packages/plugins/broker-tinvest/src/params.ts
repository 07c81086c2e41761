/**
 * The parameters of the `tinvest` broker plugin, as an operator writes them under
 * `broker.params`. Every field has a default but the token, which paper runs may omit.
 * @module
 */
import { secret, z } from '@moex-bot/framework';

/** The parameters of the `tinvest` broker. */
export const TinvestParamsSchema = z.strictObject({
  token: secret()
    .optional()
    .describe(
      'T-Invest API token, written as ${VAR} or ${file:...}: a sandbox token for mode sandbox, a production token for paper and real. Without one, paper runs use the built-in fake exchange',
    ),
  accountId: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Account to trade; required when the token reaches several, else the token's only one",
    ),
  endpoint: z
    .string()
    .min(1)
    .optional()
    .describe(
      'API address host:port; default production for paper and real, the sandbox for sandbox. `localhost:PORT` (or 127.0.0.1) uses an insecure channel, for a local fake exchange',
    ),
  appName: z
    .string()
    .min(1)
    .default('moex-bot')
    .describe('Sent as x-app-name with every call, so that T-Invest can tell the bot apart'),
  sandbox: z
    .strictObject({
      open: z.boolean().default(false).describe('Open a sandbox account when the token has none'),
      money: z
        .number()
        .positive()
        .default(1_000_000)
        .describe('Roubles paid into a sandbox account this plugin opens'),
    })
    .default({ open: false, money: 1_000_000 })
    .describe('Sandbox runs only: opening and funding an account'),
  commissionPercent: z
    .number()
    .min(0)
    .max(100)
    .default(0.05)
    .describe(
      'Commission per execution in percent of its amount, for the fills the bot books (the API reports none per trade): 0.05 for the sandbox and the Trader tariff, 0.3 for Investor',
    ),
  pollIntervalMs: z
    .number()
    .int()
    .min(50)
    .default(5_000)
    .describe(
      'How often open orders are polled besides the trades stream, ms; five times as often while the stream is down',
    ),
  replay: z
    .strictObject({
      speed: z
        .number()
        .positive()
        .max(100_000)
        .default(60)
        .describe('Exchange time per wall time: 60 delivers a one-minute bar each second'),
      days: z
        .number()
        .int()
        .min(1)
        .max(250)
        .default(3)
        .describe('Weekdays of sample data; the first is history for warm-up'),
      seed: z
        .number()
        .int()
        .default(1)
        .describe('Seed of the sample prices: same seed, same prices'),
    })
    .default({ speed: 60, days: 3, seed: 1 })
    .describe(
      'Paper runs without a token: how the built-in fake exchange replays SYNTHETIC sample data',
    ),
  instrumentCacheHours: z
    .number()
    .min(0)
    .default(24)
    .describe('How long instruments cached under the data folder are trusted, hours'),
});

/** Parsed parameters of the `tinvest` broker. */
export type TinvestParams = z.output<typeof TinvestParamsSchema>;
