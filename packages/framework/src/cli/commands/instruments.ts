/**
 * `moex-bot instruments find <query>` and `moex-bot instruments show <id>`: the venue's
 * instrument catalogue, through the venue broker plugin (`tinvest`). With a config, its
 * broker and mode are used; without one, `TINVEST_TOKEN` selects the real API, and no
 * token the built-in fake exchange and its sample instruments.
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import { createBroker, lateAlerts, lateTradingControl } from '../../backtest/createBacktest.js';
import { loadConfig } from '../../config/loadConfig.js';
import type { PluginRef } from '../../config/schema.js';
import type { RunMode } from '../../contracts/define.js';
import type { InstrumentRef } from '../../contracts/marketData.js';
import { isVenueBroker, type VenueBroker } from '../../contracts/venue.js';
import { MoexBotError } from '../../errors.js';
import { wallClock } from '../../live/LiveClock.js';
import { silentLogger } from '../../observability/logger.js';
import { BUILTIN_PLUGINS } from '../../plugins/builtins.js';
import { PluginRegistry } from '../../plugins/PluginRegistry.js';

/** The package that provides the T-Invest venue. */
export const TINVEST_PACKAGE = '@moex-bot/broker-tinvest';

interface VenueFlags {
  config?: string;
  dir?: string;
  json?: boolean;
}

/** Creates the venue named by a config, or the `tinvest` plugin of the project. */
async function openVenue(flags: VenueFlags): Promise<VenueBroker> {
  let ref: PluginRef = { plugin: 'tinvest', params: {} };
  let mode: RunMode = process.env['TINVEST_TOKEN'] ? 'real' : 'paper';
  let projectDir = path.resolve(flags.dir ?? process.cwd());
  if (flags.config !== undefined) {
    const { config, dir } = await loadConfig(flags.config);
    ref = config.broker;
    mode = config.mode === 'backtest' ? 'paper' : config.mode;
    projectDir = flags.dir === undefined ? dir : projectDir;
  } else if (process.env['TINVEST_TOKEN']) {
    ref = { plugin: 'tinvest', params: { token: process.env['TINVEST_TOKEN'] } };
  }
  return createVenueBroker(ref, { mode, projectDir, needs: 'instrument catalogue' });
}

/**
 * Creates broker plugin `ref`, installed in `projectDir`, as a venue for a command that
 * needs its market data or instruments, not its orders. Throws
 * `MOEXBOT_ERR_CLI_PACKAGE_MISSING` naming the package to install when the plugin is
 * missing, and `MOEXBOT_ERR_RUN_NO_VENUE` when it is not a venue (`simulated`).
 * @example
 * const venue = await createVenueBroker(config.broker, { mode: 'paper', projectDir: dir, needs: 'history' });
 * try {
 *   await venue.venue.marketData.history(sber, '1m', from, to);
 * } finally {
 *   await venue.close?.();
 * }
 */
export async function createVenueBroker(
  ref: PluginRef,
  options: {
    readonly mode: RunMode;
    readonly projectDir: string;
    /** What the command wants of the venue, for messages: `instrument catalogue`. */
    readonly needs: string;
  },
): Promise<VenueBroker> {
  const { mode, projectDir, needs } = options;
  const { registry } = await PluginRegistry.load(projectDir, { builtins: [...BUILTIN_PLUGINS] });
  const plugin = registry.get('broker', ref.plugin);
  if (plugin === undefined) {
    throw new MoexBotError(
      'CLI_PACKAGE_MISSING',
      `the ${needs} comes from a venue plugin, and broker plugin \`${ref.plugin}\` is not installed: ` +
        `run \`npm install ${TINVEST_PACKAGE}\` in ${projectDir}`,
    );
  }
  const { broker } = await createBroker(
    { definition: plugin.definition, params: ref.params, name: ref.plugin, path: 'broker' },
    {
      clock: wallClock,
      logger: silentLogger(),
      alerts: lateAlerts(),
      instruments: [],
      mode,
      trading: lateTradingControl(),
      dataDir: undefined,
    },
  );
  if (!isVenueBroker(broker)) {
    await broker.close?.();
    throw new MoexBotError(
      'RUN_NO_VENUE',
      `broker plugin \`${ref.plugin}\` has no ${needs}; install ${TINVEST_PACKAGE}`,
    );
  }
  return broker;
}

/** `SBER` or `SBER@TQBR` (ticker and board), a FIGI (`BBG…`), or an instrument uid. */
export function parseInstrumentId(id: string): InstrumentRef {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    return { uid: id };
  if (/^(BBG|TCS)[0-9A-Z]{9}$/.test(id)) return { figi: id };
  const [ticker, classCode = 'TQBR'] = id.split('@');
  return { ticker: ticker!, classCode };
}

async function withVenue<T>(
  flags: VenueFlags,
  use: (venue: VenueBroker) => Promise<T>,
): Promise<T> {
  const venue = await openVenue(flags);
  try {
    return await use(venue);
  } finally {
    await venue.close?.();
  }
}

export function registerInstruments(program: Command): void {
  const instruments = program
    .command('instruments')
    .description('Search and inspect the venue’s instruments (needs @moex-bot/broker-tinvest)');
  const common = (command: Command) =>
    command
      .option('-c, --config <file>', 'use the broker and mode of this config')
      .option(
        '--dir <projectDir>',
        'operator project folder (default: the config’s or the current folder)',
      )
      .option('--json', 'print JSON');

  common(
    instruments
      .command('find')
      .description('List instruments whose ticker, name, FIGI or uid match the query')
      .argument('<query>', 'e.g. SBER or "Сбербанк"'),
  ).action(async (query: string, flags: VenueFlags) => {
    const found = await withVenue(flags, (venue) => venue.venue.instruments.find(query));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(found)}\n`);
      return;
    }
    if (found.length === 0) {
      process.stdout.write(`no instrument matches "${query}"\n`);
      return;
    }
    const rows = found.map((m) => [
      m.ticker,
      m.classCode,
      m.instrumentType,
      m.apiTradeAvailable ? 'yes' : 'no',
      m.figi,
      m.uid,
      m.name,
    ]);
    const header = ['TICKER', 'BOARD', 'TYPE', 'API', 'FIGI', 'UID', 'NAME'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [header, ...rows]) {
      process.stdout.write(
        `${row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
      );
    }
  });

  common(
    instruments
      .command('show')
      .description('Show one instrument as the venue defines it: lot, price step, uid, FIGI')
      .argument('<id>', 'ticker (SBER, or SBER@TQBR for another board), FIGI or instrument uid'),
  ).action(async (id: string, flags: VenueFlags) => {
    const instrument = await withVenue(flags, (venue) =>
      venue.venue.instruments.resolve(parseInstrumentId(id)).catch((error: unknown) => {
        throw new MoexBotError(
          'RUN_INSTRUMENT_UNAVAILABLE',
          error instanceof Error ? error.message : String(error),
        );
      }),
    );
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(instrument)}\n`);
      return;
    }
    for (const [key, value] of Object.entries(instrument)) {
      if (value !== undefined) process.stdout.write(`${key.padEnd(18)} ${value}\n`);
    }
  });
}
