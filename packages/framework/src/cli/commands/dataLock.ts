/**
 * `moex-bot data lock`: pins the latest version of every dataset the config's instruments
 * read into `moex-bot.lock` beside the config, keeping pins of other datasets, and prints
 * what changed. Backtests then read exactly those versions until the next `data lock`.
 * @module
 */
import type { Command } from 'commander';
import { configDatasets } from '../../data/configStoreFeed.js';
import { type DataLock, readLockFile, writeLockFile } from '../../data/lockFile.js';
import { resolveDatasetVersions } from '../../data/resolveDatasetVersions.js';
import { isMoexBotError } from '../../errors.js';
import { type DataFlags, dataOptions, withConfigData } from './dataConfig.js';

/** What `data lock` did to one dataset's pin. */
export interface PinChange {
  readonly dataset: string;
  readonly version: number;
  readonly hash: string;
  /** The version pinned before, when there was one. */
  readonly previous?: number;
  readonly status: 'added' | 'updated' | 'unchanged';
}

/** The lock as it is, or empty when missing or invalid (this command rewrites it). */
async function currentLock(file: string): Promise<{ lock: DataLock; invalid: boolean }> {
  try {
    return {
      lock: (await readLockFile(file)) ?? { lockfileVersion: 1, datasets: {} },
      invalid: false,
    };
  } catch (error) {
    if (isMoexBotError(error) && error.code === 'MOEXBOT_ERR_DATA_LOCK_INVALID') {
      return { lock: { lockfileVersion: 1, datasets: {} }, invalid: true };
    }
    throw error;
  }
}

function describe(change: PinChange): string {
  if (change.status === 'unchanged') return `${change.dataset}: v${change.version} (unchanged)\n`;
  const was = change.previous === undefined ? 'new pin' : `was v${change.previous}`;
  return `${change.dataset}: pinned v${change.version} (${was})\n`;
}

export function registerDataLock(data: Command): void {
  dataOptions(
    data
      .command('lock')
      .description('Pin the latest version of each dataset the config reads in moex-bot.lock'),
  ).action(async (flags: DataFlags) => {
    await withConfigData(flags.config, async ({ config, store, lockFile }) => {
      const { lock, invalid } = await currentLock(lockFile);
      // No lock given: every dataset resolves to its latest version, or fails listing all missing.
      const latest = await resolveDatasetVersions(store, configDatasets(config), undefined);
      const datasets = { ...lock.datasets };
      const changes: PinChange[] = latest.map(({ dataset, version, hash }) => {
        const before = lock.datasets[dataset];
        datasets[dataset] = { version, hash };
        const status =
          before === undefined
            ? 'added'
            : before.version === version && before.hash === hash
              ? 'unchanged'
              : 'updated';
        return { dataset, version, hash, ...(before ? { previous: before.version } : {}), status };
      });
      const changed = invalid || changes.some((change) => change.status !== 'unchanged');
      if (changed) await writeLockFile(lockFile, { lockfileVersion: 1, datasets });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ lockFile, written: changed, changes })}\n`);
        return;
      }
      if (invalid) process.stdout.write(`replaced the invalid ${lockFile}\n`);
      for (const change of changes) process.stdout.write(describe(change));
      process.stdout.write(changed ? `wrote ${lockFile}\n` : `${lockFile} is up to date\n`);
    });
  });
}
