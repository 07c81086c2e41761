import { readCsvBars, writeCsvBars, mergeBars } from '@moex-bot/framework';
import { generateBarsFast, generateMoexBars, SYNTHETIC_INSTRUMENTS } from '@moex-bot/framework/testing';
let t = performance.now();
const fast = generateBarsFast(1_000_000, 1);
console.log('fast gen 1M', (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
const fast3 = generateBarsFast(3_000_000, 1, { instruments: ['A','B','C'] });
console.log('fast gen 3M x3', (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
const real = generateMoexBars({ instruments: SYNTHETIC_INSTRUMENTS, start: '2020-01-01', days: 415, seed: 1, sessions: 'main+evening' });
const n = [...real.values()].reduce((a, b) => a + b.length, 0);
console.log('realistic gen', n, (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
const merged = mergeBars([...real.values()]);
console.log('merge', merged.length, (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
await writeCsvBars('/tmp/big.csv', fast);
console.log('write 1M', (performance.now() - t).toFixed(0), 'ms');
for (let r = 0; r < 3; r++) {
  t = performance.now();
  const back = await readCsvBars('/tmp/big.csv', 'SBER');
  console.log('read 1M', back.length, (performance.now() - t).toFixed(0), 'ms');
}
