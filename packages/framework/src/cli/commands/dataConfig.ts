/**
 * What the `data` commands share: the config they act for (`--config`, default
 * `moex-bot.yaml` in the current folder), its store and lock file, and plain tables.
 * @module
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import type { OperatorConfig } from '../../config/schema.js';
import { type BarStore, barStore } from '../../data/barStore.js';
import { lockFilePath } from '../../data/lockFile.js';
import type { ObjectStore } from '../../data/ObjectStore.js';
import { openObjectStore } from '../../data/openObjectStore.js';

/** The config file the `data` commands read when `--config` is not given. */
export const DEFAULT_CONFIG = 'moex-bot.yaml';

/** Flags every `data` command takes. */
export interface DataFlags {
  readonly config: string;
  readonly json?: boolean;
}

/** Adds `--config` and `--json` to a `data` subcommand. */
export function dataOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'operator config naming the store', DEFAULT_CONFIG)
    .option('--json', 'print JSON');
}

/** A config with its store opened. */
export interface ConfigData {
  readonly config: OperatorConfig;
  /** The config's folder. */
  readonly dir: string;
  readonly objects: ObjectStore;
  readonly store: BarStore;
  /** `moex-bot.lock` beside the config. */
  readonly lockFile: string;
}

/** Loads the config, opens its store, runs `use`, and closes the store. */
export async function withConfigData<T>(
  configFile: string,
  use: (data: ConfigData) => Promise<T>,
): Promise<T> {
  const { config, dir } = await loadConfig(configFile);
  const objects = await openObjectStore(config.data.store, dir);
  try {
    return await use({
      config,
      dir,
      objects,
      store: barStore(objects),
      lockFile: lockFilePath(dir),
    });
  } finally {
    await objects.close?.();
  }
}

/** Left-aligned columns, two spaces apart, no trailing blanks. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** A time as `2026-09-01 07:00Z`: minute bars need no seconds. */
export function formatMinute(iso: string | null | undefined): string {
  if (!iso) return '-';
  const time = new Date(iso);
  const text = time.toISOString();
  return time.getUTCSeconds() === 0 && time.getUTCMilliseconds() === 0
    ? `${text.slice(0, 10)} ${text.slice(11, 16)}Z`
    : text;
}
