/**
 * The command audit log: one JSON line per command received, appended in arrival order
 * and synced to disk before the sender gets a reply.
 * @module
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntry } from './CommandDesk.js';

/**
 * Appends audit entries to a JSON-lines file. Writes go through one promise chain, so
 * lines never interleave and `flush` waits for all of them; a failed write is reported
 * to `onError` and does not stop later ones.
 * @example
 * const audit = new AuditLog('/var/lib/moex-bot/telegram-audit.jsonl', (e) => logger.error(e));
 * await audit.append(entry);
 * await audit.flush();
 */
export class AuditLog {
  private chain: Promise<void> = Promise.resolve();
  private folderMade = false;

  constructor(
    readonly file: string,
    private readonly onError: (error: unknown) => void,
    /** Applied to each finished line (the token redactor). */
    private readonly scrub: (line: string) => string = (line) => line,
  ) {}

  /** Queues an entry; resolves once it is on disk (or its write has failed and been reported). */
  append(entry: AuditEntry): Promise<void> {
    const line = `${this.scrub(JSON.stringify(entry))}\n`;
    this.chain = this.chain.then(() => this.write(line)).catch(this.onError);
    return this.chain;
  }

  /** Resolves when every queued entry has been written. */
  flush(): Promise<void> {
    return this.chain;
  }

  private async write(line: string): Promise<void> {
    if (!this.folderMade) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.folderMade = true;
    }
    // flush: fsync after the write, so a line the user saw answered survives a crash.
    await appendFile(this.file, line, { encoding: 'utf8', mode: 0o600, flush: true });
  }
}
