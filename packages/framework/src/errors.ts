/**
 * The one catalogue of coded errors the host raises. Every code is listed in
 * `docs/errors.md`, which is generated from this table (`npm run docs:errors`)
 * and checked against it by a test, so the two cannot drift apart.
 * @module
 */

/** What the catalogue records about each error code. */
export interface ErrorInfo {
  /** One sentence: what went wrong. */
  readonly summary: string;
  /** What the operator or plugin author should do about it. */
  readonly fix: string;
}

/**
 * Every error code, without the `MOEXBOT_ERR_` prefix, grouped by area (the first word).
 * Add new codes here only; the docs page and the `ErrorCode` type follow.
 */
export const errorCatalog = {
  PLUGIN_PACKAGE_UNREADABLE: {
    summary: 'A package.json could not be read or is not valid JSON.',
    fix: 'Reinstall the package (`npm ci`) or fix its package.json.',
  },
  PLUGIN_MANIFEST_INVALID: {
    summary: 'The `moexBot` field of a package.json is not an object of the expected shape.',
    fix: 'Write `"moexBot": { "manifestVersion": 1, "kind": "strategy", "id": "my-id" }`.',
  },
  PLUGIN_MANIFEST_VERSION_UNSUPPORTED: {
    summary: 'The manifest declares a `manifestVersion` this host does not understand.',
    fix: 'Use `"manifestVersion": 1`, or upgrade @moex-bot/framework.',
  },
  PLUGIN_KIND_MISSING: {
    summary: 'The manifest has no `kind`.',
    fix: 'Add `"kind"`: one of strategy, risk, alert, broker.',
  },
  PLUGIN_KIND_UNKNOWN: {
    summary: 'The manifest `kind` is not one of strategy, risk, alert, broker.',
    fix: 'Correct the `kind` field.',
  },
  PLUGIN_ID_INVALID: {
    summary:
      'The manifest `id` is missing or not kebab-case (a-z, 0-9 and dashes, 2 to 64 characters).',
    fix: 'Give the plugin an id such as `sma-cross`.',
  },
  PLUGIN_HOST_RANGE_MISSING: {
    summary: 'The package does not declare `@moex-bot/framework` in `peerDependencies`.',
    fix: 'Add `"peerDependencies": { "@moex-bot/framework": "^0.1.0" }`.',
  },
  PLUGIN_HOST_INCOMPATIBLE: {
    summary:
      "The framework version running is outside the plugin's `@moex-bot/framework` peer range.",
    fix: 'Install a plugin version built for this framework, or a framework version the plugin supports.',
  },
  PLUGIN_ENTRY_NOT_FOUND: {
    summary:
      'The package has no ESM entry (`exports["."]` or `main`) or the file it names does not exist.',
    fix: 'Build the plugin (`npm run build`) and point `exports["."]` at the built file.',
  },
  PLUGIN_IMPORT_FAILED: {
    summary: 'Importing the plugin entry threw.',
    fix: 'Run the entry with node to see the error; check that the plugin is built and its dependencies are installed.',
  },
  PLUGIN_BRAND_MISSING: {
    summary:
      'The default export is not an object made by defineStrategy / defineRisk / defineAlert / defineBroker.',
    fix: 'Export the result of the matching `define*` function as the default export.',
  },
  PLUGIN_KIND_MISMATCH: {
    summary: 'The default export is of another kind than the manifest declares.',
    fix: 'Make the manifest `kind` and the `define*` function used agree.',
  },
  PLUGIN_ID_MISMATCH: {
    summary: 'The default export has another id than the manifest declares.',
    fix: 'Make the manifest `id` and the id given to `define*` agree.',
  },
  PLUGIN_DUPLICATE_ID: {
    summary: 'Two installed packages declare a plugin of the same kind and id.',
    fix: 'Uninstall one of them.',
  },
  PLUGIN_NOT_FOUND: {
    summary: 'The config refers to a plugin id that no installed package provides.',
    fix: 'Install the plugin package as a dependency of the operator project, or correct the id.',
  },
  PLUGIN_PARAMS_INVALID: {
    summary: "The parameters in the config do not satisfy the plugin's own schema.",
    fix: 'Correct the parameters; the plugin README lists them.',
  },
  PLUGIN_CREATE_FAILED: {
    summary: 'The plugin factory `create(params, context)` threw.',
    fix: 'The message names the plugin; fix its parameters or report the bug to its author.',
  },
  PLUGIN_PROBLEMS: {
    summary:
      'One or more plugins could not be loaded; every problem is listed with its package and field.',
    fix: 'Fix each listed problem; `moex-bot plugins` shows them all at once.',
  },
  CONFIG_NOT_FOUND: {
    summary: 'The config file does not exist or cannot be read.',
    fix: 'Check the path given on the command line.',
  },
  CONFIG_YAML_INVALID: {
    summary: 'The config file is not valid YAML.',
    fix: 'Fix the syntax at the line and column given.',
  },
  CONFIG_INVALID: {
    summary: 'The config does not match the schema; every problem is listed with its path.',
    fix: 'Correct each listed field; `moex-bot config schema` prints the full JSON Schema.',
  },
  CONFIG_ENV_MISSING: {
    summary: 'A `${VAR}` reference names an environment variable that is not set (nor in `.env`).',
    fix: 'Set the variable, add it to `.env` beside the config, or give a default: `${VAR:-default}`.',
  },
  CONFIG_SECRET_LITERAL: {
    summary: 'A secret (token, password) is written literally in the YAML.',
    fix: 'Use `${VAR}` with the value in the environment or `.env`, or `${file:/path/to/secret}`.',
  },
  CONFIG_SECRET_FILE_UNREADABLE: {
    summary: 'A `${file:...}` reference names a file that cannot be read.',
    fix: 'Check the path and its permissions.',
  },
  CONFIG_REFERENCE_INVALID: {
    summary:
      'A `${...}` reference is malformed: unterminated, an invalid variable name, or `${file:}` without a path.',
    fix: 'Write `${NAME}`, `${NAME:-default}` or `${file:path}`; write `$${` for a literal `${`.',
  },
  CONFIG_DOTENV_UNREADABLE: {
    summary: 'The `.env` file beside the config exists but cannot be read.',
    fix: 'Check that `.env` is a file and readable by the user running moex-bot.',
  },
  DATA_FILE_NOT_FOUND: {
    summary: 'A market-data file named in the config does not exist.',
    fix: "Check `data.bars[].file`; relative paths are resolved from the config file's folder.",
  },
  DATA_CSV_INVALID: {
    summary: 'A CSV bar file has a missing column, an unparsable value or unsorted times.',
    fix: 'The message gives the file and line; fix or regenerate the file.',
  },
  DATA_UNKNOWN_INSTRUMENT: {
    summary: 'Bars were given for an instrument that the config does not define.',
    fix: 'Add the instrument to `instruments` or correct the bar file entry.',
  },
  DATA_FILE_UNREADABLE: {
    summary: 'A market-data file exists but cannot be read (a folder, or no permission).',
    fix: 'Point `data.bars[].file` at a readable file and check its permissions.',
  },
  DATA_BARS_UNSORTED: {
    summary:
      'A series of bars handed to the merge is not sorted by time, or two files of one instrument overlap.',
    fix: "Sort each instrument's bars by time; split files of one instrument into non-overlapping periods.",
  },
  DATA_CALENDAR_INVALID: {
    summary:
      'A session-calendar setting is malformed: a date that is not YYYY-MM-DD, a time that is not HH:MM, or an unknown session.',
    fix: 'Write closed days as `YYYY-MM-DD` and name sessions from the table (main, evening, morning, weekend).',
  },
  DATA_QUALITY_FAILED: {
    summary:
      'Market data failed a quality check whose policy is `error`; the backtest did not start.',
    fix: 'The message names the instrument, the check and the times: fix the data, or relax `data.quality.checks`.',
  },
  DATA_STORE_UNREADABLE: {
    summary:
      'The market-data store cannot be read or written (missing folder, no permission, bucket unreachable).',
    fix: 'Check `data.store` and its permissions or credentials.',
  },
  DATA_DATASET_NOT_FOUND: {
    summary:
      'The store has no dataset for an instrument of the config (source, interval, instrument).',
    fix: 'Run `moex-bot data fetch` or `moex-bot data import`, or point `data.source` / `data.interval` at a dataset `moex-bot data ls` shows.',
  },
  DATA_VERSION_NOT_FOUND: {
    summary:
      'A dataset version pinned by the lock file is not in the store, or its content does not match the lock.',
    fix: 'Restore the store, or re-pin with `moex-bot data lock`.',
  },
  DATA_LOCK_INVALID: {
    summary: 'The lock file (`moex-bot.lock`) is not valid JSON of the expected shape.',
    fix: 'Regenerate it with `moex-bot data lock`.',
  },
  DATA_PARQUET_INVALID: {
    summary: 'A Parquet file is unreadable or its columns are not the expected ones.',
    fix: 'The message names the file; re-import or re-fetch the data.',
  },
  DATA_FETCH_FAILED: {
    summary: 'Downloading history from the venue failed after retries.',
    fix: 'Run `moex-bot data fetch` again: finished chunks are kept and not downloaded twice.',
  },
  DOMAIN_DECIMAL_INVALID: {
    summary: 'A decimal number is malformed or has more than 9 fractional digits.',
    fix: 'Prices and amounts carry at most 9 decimals (the precision of T-Invest Quotation).',
  },
  DOMAIN_QUOTATION_INVALID: {
    summary: 'A Quotation or MoneyValue has a fractional part out of range or of the wrong sign.',
    fix: '`nano` must be an integer with |nano| < 1e9 and the same sign as `units`.',
  },
  DOMAIN_PRICE_STEP_INVALID: {
    summary:
      "An instrument's `minPriceIncrement` is not a positive decimal with at most 9 decimals.",
    fix: 'Correct the instrument definition.',
  },
  ORDER_ILLEGAL_TRANSITION: {
    summary:
      'An order event arrived that its current state does not allow (e.g. a fill after cancel).',
    fix: 'This is a bug in a broker plugin or the engine; report it with the log line.',
  },
  ORDER_UNKNOWN: {
    summary: 'An order event names an order id the engine does not know.',
    fix: 'This is a bug in a broker plugin; report it with the log line.',
  },
  STRATEGY_ILLEGAL_TRANSITION: {
    summary: 'A strategy lifecycle transition was requested that its state does not allow.',
    fix: 'Check the operator command; a failed or stopped strategy cannot be resumed.',
  },
  RUN_FAILED: {
    summary: 'A run stopped because of an unexpected error.',
    fix: 'Run again with `--debug` to see the stack trace.',
  },
  RUN_MODE_INVALID: {
    summary:
      '`moex-bot live` was given a config whose `mode` is `backtest`, or `moex-bot backtest` one for a live mode.',
    fix: 'Set `mode: paper`, `sandbox` or `real` for `moex-bot live`; run backtests with `mode: backtest`.',
  },
  RUN_REAL_NOT_CONFIRMED: {
    summary:
      'The config says `mode: real` but the command line lacks `--confirm-real`: real money needs both.',
    fix: 'Check the config, then run `moex-bot live <config> --confirm-real`.',
  },
  RUN_NO_VENUE: {
    summary:
      'A live mode needs a venue plugin for market data (and orders), but `broker.plugin` names one that is not a venue (e.g. `simulated`), or the venue package is not installed.',
    fix: 'Install `@moex-bot/broker-tinvest` in the project and set `broker: { plugin: tinvest }`.',
  },
  RUN_TOKEN_READ_ONLY: {
    summary:
      'The venue says the token (or account) may only read: orders would be refused, so the session does not start.',
    fix: 'Issue a full-access T-Invest token for the account, or run `mode: paper`.',
  },
  RUN_VENUE_REFUSED: {
    summary:
      'The venue refused to start the session: a bad or expired token, an unknown account, or the venue is unreachable.',
    fix: 'Check the token (without printing it), `broker.params.accountId` and the network; the message names the venue’s reason.',
  },
  RUN_METRICS_LISTEN_FAILED: {
    summary:
      'The HTTP endpoint of `metrics.listen` could not be opened: the port is taken, the address is not on this machine, or binding it needs privileges.',
    fix: 'Pick a free port (`metrics.listen: 127.0.0.1:9465`), stop the process holding it, or remove `metrics.listen`.',
  },
  RUN_INSTRUMENT_UNAVAILABLE: {
    summary:
      'A configured instrument is unknown to the venue, or the venue says it cannot be traded through the API.',
    fix: 'Check the ticker and class code with `moex-bot instruments find <query>`; remove instruments the API cannot trade.',
  },
  RUN_NOT_FOUND: {
    summary: 'A run folder named on the command line does not exist or has no `run.json`.',
    fix: 'List runs with `moex-bot runs ls` and pass a run id or folder.',
  },
  CLI_PACKAGE_MISSING: {
    summary: 'The command needs a package that is not installed in the project.',
    fix: 'Install the package the message names (e.g. `npm install @moex-bot/broker-tinvest`).',
  },
  CLI_OUTPUT_UNWRITABLE: {
    summary:
      'The results folder cannot be created or written (a file is in the way, or no permission).',
    fix: 'Give `--out` (or `backtest.out`) a folder you can write to.',
  },
  CLI_USAGE: {
    summary: 'The command line is not valid.',
    fix: 'See `moex-bot <command> --help`.',
  },
  STATE_FILE_UNREADABLE: {
    summary:
      'The state file cannot be opened or created (a folder is in the way, no permission, a read-only disk).',
    fix: 'Point the state path at a file in a folder the bot can write to and check its permissions.',
  },
  STATE_FILE_CORRUPT: {
    summary: 'The state path holds a file that is not an SQLite database, or a damaged one.',
    fix: 'Check that the path names the state file; restore it from a backup, or move it away to start afresh (live runs then reconcile with the broker; a paper account starts over).',
  },
  STATE_FILE_FOREIGN: {
    summary: 'The state path holds an SQLite database of another application.',
    fix: 'Give the bot a state file of its own; moex-bot never writes into a database it did not create.',
  },
  STATE_LOCKED: {
    summary: 'Another running process (named by pid and host) is using the same state file.',
    fix: 'Stop that process first, or give this run another state file; two bots on one state file would send duplicate orders.',
  },
  STATE_SCHEMA_TOO_NEW: {
    summary:
      'The state file was written by a newer moex-bot whose schema this version does not know.',
    fix: 'Upgrade moex-bot to the version that wrote the file (schema migrations only go forward).',
  },
  STATE_DUPLICATE_ORDER: {
    summary: 'An order was recorded twice under the same id (its idempotency key).',
    fix: 'This is a bug in the runner or a reused order id; the order must not be sent again. Report it with the log line.',
  },
  STATE_ORDER_UNKNOWN: {
    summary: 'An order update or execution names an order id the state store has never recorded.',
    fix: 'This is a bug in the runner: every order is recorded before it is sent. Report it with the log line.',
  },
  STATE_RECORD_INVALID: {
    summary:
      'A record handed to the state store is inconsistent (a fill of another order, a non-finite price, data that is not JSON).',
    fix: 'This is a bug in the caller; the message names the record and the field.',
  },
  STATE_WRITE_FAILED: {
    summary: 'The state store could not read or write its file (disk full, I/O error).',
    fix: 'Free disk space or fix the disk, then restart. The failed write was not committed, so nothing half-written is left in the file.',
  },
  STATE_CLOSED: {
    summary: 'The state store was used after it was closed.',
    fix: 'This is a bug in the runner: close the store only after the last write. Report it with the log line.',
  },
} as const satisfies Record<string, ErrorInfo>;

/** The suffix of an error code, e.g. `PLUGIN_KIND_MISSING`. */
export type ErrorName = keyof typeof errorCatalog;

/** A full error code, e.g. `MOEXBOT_ERR_PLUGIN_KIND_MISSING`. */
export type ErrorCode = `MOEXBOT_ERR_${ErrorName}`;

/** Builds the full code from its catalogue name. */
export function errorCode(name: ErrorName): ErrorCode {
  return `MOEXBOT_ERR_${name}`;
}

/** One located problem inside a larger error (a config path, a package field). */
export interface Problem {
  /** Where: a config path such as `strategies[0].params.fast`, or `package.json#moexBot.kind`. */
  readonly path: string;
  readonly message: string;
  /** The code of this problem when it differs from the error's own. */
  readonly code?: ErrorCode;
}

/**
 * An error with a stable code. The message is one line a person can act on;
 * `problems` lists every located issue when several were collected at once.
 */
export class MoexBotError extends Error {
  override readonly name = 'MoexBotError';
  readonly code: ErrorCode;
  readonly problems: readonly Problem[];

  constructor(
    name: ErrorName,
    message: string,
    options: { problems?: readonly Problem[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = errorCode(name);
    this.problems = options.problems ?? [];
  }
}

/** True for errors raised by the host with a catalogue code. */
export function isMoexBotError(error: unknown): error is MoexBotError {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('MOEXBOT_ERR_');
}
