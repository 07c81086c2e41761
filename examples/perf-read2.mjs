import { readFile } from 'node:fs/promises';
import { parseCsvBars } from '@moex-bot/framework';
let t = performance.now();
const buf = await readFile('/tmp/big.csv');
console.log('readFile', (performance.now() - t).toFixed(0));
t = performance.now();
const text = buf.toString('utf8');
console.log('toString', (performance.now() - t).toFixed(0));
for (let r = 0; r < 4; r++) {
t = performance.now();
const bars = parseCsvBars(text, 'SBER');
console.log('parse', bars.length, (performance.now() - t).toFixed(0));
}
