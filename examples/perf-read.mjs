import { readCsvBars } from '@moex-bot/framework';
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  const back = await readCsvBars('/tmp/big.csv', 'SBER');
  console.log('read 1M', back.length, (performance.now() - t).toFixed(0), 'ms');
}
