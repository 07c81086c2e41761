/**
 * Dataset identities: the bars of one instrument at one interval from one source, written
 * `source/interval/instrument` (`tinvest/1m/SBER`). The instrument is the config's ticker,
 * so a dataset name reads the same in the store, the lock file and the config.
 * @module
 */
import { MoexBotError } from '../errors.js';

/** Which bars a dataset holds. */
export interface DatasetId {
  /** Where the bars came from: `tinvest` (fetched) or a name given at import (`csv`). */
  readonly source: string;
  /** Bar interval: `1m`, `5m`, `15m`, `1h`, `1d`. */
  readonly interval: string;
  /** The instrument's ticker as the config writes it. */
  readonly instrument: string;
}

const SOURCE = /^[a-z0-9][a-z0-9-]*$/;
const INTERVAL = /^[1-9][0-9]*[mhdw]$/;
// Tickers are letters, digits and a few marks (`SBER`, `SiZ6`, `RU000A0JX0J2`, `BRK.B`);
// nothing that could leave a key segment.
const INSTRUMENT = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

/** The printed form, `source/interval/instrument`. */
export function formatDatasetId(id: DatasetId): string {
  return `${id.source}/${id.interval}/${id.instrument}`;
}

/** Why `id` cannot name a dataset, or undefined when it can. */
export function datasetIdProblem(id: DatasetId): string | undefined {
  if (!SOURCE.test(id.source)) {
    return `source "${id.source}" must be lower-case letters, digits and dashes`;
  }
  if (!INTERVAL.test(id.interval)) return `interval "${id.interval}" is not like 1m, 5m, 1h, 1d`;
  if (!INSTRUMENT.test(id.instrument) || id.instrument.length > 64) {
    return `instrument "${id.instrument}" must be a ticker: letters, digits, and . _ @ - inside`;
  }
  return undefined;
}

/**
 * Checks a dataset id, throwing `MOEXBOT_ERR_CLI_USAGE` with the reason (ids come from
 * the command line or the config).
 * @example
 * datasetId({ source: 'csv', interval: '1m', instrument: 'SBER' });
 */
export function datasetId(id: DatasetId): DatasetId {
  const problem = datasetIdProblem(id);
  if (problem !== undefined) {
    throw new MoexBotError('CLI_USAGE', `dataset ${formatDatasetId(id)}: ${problem}`);
  }
  return { source: id.source, interval: id.interval, instrument: id.instrument };
}

/**
 * Reads `source/interval/instrument`; throws `MOEXBOT_ERR_CLI_USAGE` when malformed.
 * @example
 * parseDatasetId('tinvest/1m/SBER'); // { source: 'tinvest', interval: '1m', instrument: 'SBER' }
 */
export function parseDatasetId(text: string): DatasetId {
  const parts = text.split('/');
  if (parts.length !== 3) {
    throw new MoexBotError(
      'CLI_USAGE',
      `dataset "${text}" is not source/interval/instrument, e.g. tinvest/1m/SBER`,
    );
  }
  const [source, interval, instrument] = parts as [string, string, string];
  return datasetId({ source, interval, instrument });
}
