/**
 * Regenerates `../data/*.csv`: SYNTHETIC minute bars of SBER, GAZP and LKOH made by
 * `generateMoexBars` from a fixed seed, so every run writes byte-identical files.
 * Run `npm run build` at the repository root first, then
 * `node examples/sma-cross/scripts/generate-data.mjs`.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { writeCsvBars } from '@moex-bot/framework';
import { generateMoexBars, SYNTHETIC_INSTRUMENTS } from '@moex-bot/framework/testing';

// Change any of these and the data README must say so.
const options = {
  instruments: SYNTHETIC_INSTRUMENTS,
  start: '2026-09-01',
  days: 10,
  seed: 20260901,
  sessions: 'main+evening',
};

const bars = generateMoexBars(options);
for (const [uid, series] of bars) {
  const file = fileURLToPath(new URL(`../data/${uid}.csv`, import.meta.url));
  await writeCsvBars(file, series);
  process.stdout.write(`${file}: ${series.length} bars\n`);
}
