/**
 * `moex-bot data ls`: the datasets of the config's store, each with its latest version,
 * rows and time span, and the version the lock file pins.
 * @module
 */
import type { Command } from 'commander';
import { formatDatasetId } from '../../data/datasetId.js';
import { readLockFile } from '../../data/lockFile.js';
import {
  type DataFlags,
  dataOptions,
  formatMinute,
  formatTable,
  withConfigData,
} from './dataConfig.js';

export function registerDataLs(data: Command): void {
  dataOptions(
    data
      .command('ls')
      .description('List the datasets of the store: latest version, rows, first and last bar, pin'),
  ).action(async (flags: DataFlags) => {
    await withConfigData(flags.config, async ({ store, objects, lockFile }) => {
      const lock = await readLockFile(lockFile);
      const rows = [];
      for (const id of await store.datasets()) {
        const dataset = formatDatasetId(id);
        const versions = await store.versions(id);
        const latest = await store.manifest(id, versions.at(-1));
        rows.push({
          dataset,
          latest: latest?.version ?? 0,
          versions: versions.length,
          rows: latest?.rows ?? 0,
          firstTime: latest?.firstTime ?? null,
          lastTime: latest?.lastTime ?? null,
          pinned: lock?.datasets[dataset] ?? null,
        });
      }
      const listed = new Set(rows.map((row) => row.dataset));
      const missing = Object.keys(lock?.datasets ?? {}).filter((name) => !listed.has(name));
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ store: objects.description, datasets: rows, missingPins: missing })}\n`,
        );
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(
          `no datasets in ${objects.description}; add some with \`moex-bot data import\`\n`,
        );
      } else {
        process.stdout.write(
          formatTable(
            ['DATASET', 'LATEST', 'VERSIONS', 'ROWS', 'FIRST', 'LAST', 'PINNED'],
            rows.map((row) => [
              row.dataset,
              `v${row.latest}`,
              String(row.versions),
              String(row.rows),
              formatMinute(row.firstTime),
              formatMinute(row.lastTime),
              row.pinned ? `v${row.pinned.version}` : '-',
            ]),
          ),
        );
      }
      for (const name of missing) {
        process.stdout.write(
          `warning: the lock pins ${name}, which is not in ${objects.description}\n`,
        );
      }
    });
  });
}
