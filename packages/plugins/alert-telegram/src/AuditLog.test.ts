import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './AuditLog.js';
import type { AuditEntry } from './CommandDesk.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'telegram-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(i: number): AuditEntry {
  return {
    time: new Date(Date.UTC(2026, 8, 1, 7, 0, i)).toISOString(),
    userId: 42,
    chatId: 42,
    command: 'status',
    args: `#${i}`,
    role: 'viewer',
    outcome: 'done',
  };
}

describe('AuditLog', () => {
  it('appends one JSON line per entry, in order, creating the folder', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'audit.jsonl');
    const audit = new AuditLog(file, (error) => {
      throw error;
    });
    // Not awaited one by one: the chain alone must keep them in order.
    for (let i = 0; i < 20; i++) void audit.append(entry(i));
    await audit.flush();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(
      Array.from({ length: 20 }, (_, i) => entry(i)),
    );
  });

  it('reports a failed write and goes on with the next', async () => {
    const blocker = path.join(dir, 'file');
    await writeFile(blocker, '');
    const errors: unknown[] = [];
    const broken = new AuditLog(path.join(blocker, 'audit.jsonl'), (e) => errors.push(e));
    await broken.append(entry(1));
    await broken.append(entry(2));
    expect(errors).toHaveLength(2);

    const file = path.join(dir, 'audit.jsonl');
    const audit = new AuditLog(file, (e) => errors.push(e));
    await audit.append(entry(3));
    expect(await readFile(file, 'utf8')).toBe(`${JSON.stringify(entry(3))}\n`);
  });

  it('scrubs each line before it is written', async () => {
    const file = path.join(dir, 'audit.jsonl');
    const audit = new AuditLog(
      file,
      () => {},
      (line) => line.replaceAll('secret', '[REDACTED]'),
    );
    await audit.append({ ...entry(1), args: 'my secret' });
    expect(await readFile(file, 'utf8')).toContain('"args":"my [REDACTED]"');
  });
});
