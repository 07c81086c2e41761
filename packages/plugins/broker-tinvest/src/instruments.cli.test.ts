/**
 * `moex-bot instruments` through the built executable, in this workspace (where the
 * `tinvest` plugin is installed) and without a token: the built-in fake exchange's
 * sample instruments answer.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const BIN = path.join(ROOT, 'packages/framework/dist/cli/bin.js');
const run = promisify(execFile);

async function cli(...args: string[]) {
  const env = { ...process.env };
  delete env['TINVEST_TOKEN'];
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('moex-bot instruments', () => {
  it('finds instruments by ticker and shows one with its lot and price step', async () => {
    const found = await cli('instruments', 'find', 'SBER', '--json');
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toEqual([
      expect.objectContaining({ ticker: 'SBER', classCode: 'TQBR', apiTradeAvailable: true }),
    ]);
    const shown = await cli('instruments', 'show', 'LKOH', '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      ticker: 'LKOH',
      lot: 1,
      minPriceIncrement: 0.5,
    });
  });

  it('names an unknown instrument in one line, without a stack trace', async () => {
    const shown = await cli('instruments', 'show', 'NOSUCH');
    expect(shown.code).toBe(1);
    expect(shown.stderr).toMatch(/^error MOEXBOT_ERR_RUN_INSTRUMENT_UNAVAILABLE: .*NOSUCH/);
    expect(shown.stderr).not.toContain('    at ');
  });
});
