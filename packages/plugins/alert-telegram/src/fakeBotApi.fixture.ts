/**
 * A fake Telegram Bot API on loopback for tests: the methods grammY calls
 * (`getMe`, `deleteWebhook`, `getUpdates` with real long polling and offsets,
 * `sendMessage`), queued user messages, a record of what the bot sent, and failure modes.
 * @module
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The sender of a queued message. */
export interface FakeUser {
  readonly id: number;
  readonly username?: string;
}

/** The chat a queued message is posted in. */
export interface FakeChat {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup';
}

/** A `sendMessage` call the fake answered with success. */
export interface SentMessage {
  readonly chat_id: number | string;
  readonly text: string;
  readonly [param: string]: unknown;
}

/** How the next `sendMessage` calls fail. */
export type SendFailure = 429 | 500 | 400 | 401 | 403;

type Params = Record<string, unknown>;
type Update = { update_id: number; message: Params };

interface Waiter {
  readonly offset: number;
  readonly limit: number;
  readonly respond: (updates: Update[]) => void;
}

const FAILURES: Record<SendFailure, { description: string; parameters?: Params }> = {
  429: { description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
  500: { description: 'Internal Server Error' },
  400: { description: 'Bad Request: chat not found' },
  401: { description: 'Unauthorized' },
  403: { description: 'Forbidden: bot was blocked by the user' },
};

/**
 * The fake server.
 * @example
 * const fake = await FakeBotApi.start({ token: '123:abc' });
 * const bot = new Bot('123:abc', { client: { apiRoot: fake.url } });
 * fake.pushMessage({ id: 42 }, { id: 42, type: 'private' }, '/status');
 * await fake.waitForMessage((m) => m.chat_id === 42);
 * await fake.close();
 */
export class FakeBotApi {
  /** Successful `sendMessage` calls, in order. */
  readonly sent: SentMessage[] = [];
  /** Every call: method and parameters. */
  readonly calls: { method: string; params: Params }[] = [];
  private updates: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private readonly waiters = new Set<Waiter>();
  private failures: { status: SendFailure; description?: string | undefined }[] = [];

  private constructor(
    private readonly server: Server,
    private readonly token: string,
    private readonly botUsername: string,
    readonly url: string,
  ) {}

  static async start(options: { token: string; botUsername?: string }): Promise<FakeBotApi> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const fake = new FakeBotApi(
      server,
      options.token,
      options.botUsername ?? 'moex_ops_bot',
      `http://127.0.0.1:${port}`,
    );
    server.on('request', (req, res) => {
      fake.serve(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    return fake;
  }

  /** Queues a text message from `from` in `chat`; returns its update id. */
  pushMessage(from: FakeUser, chat: FakeChat, text: string): number {
    const update_id = this.nextUpdateId++;
    this.updates.push({
      update_id,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        from: { id: from.id, is_bot: false, first_name: `user${from.id}`, username: from.username },
        chat: {
          id: chat.id,
          type: chat.type,
          ...(chat.type === 'private' ? {} : { title: 'ops' }),
        },
        text,
        ...(text.startsWith('/')
          ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] }
          : {}),
      },
    });
    this.wake();
    return update_id;
  }

  /**
   * The next `count` sendMessage calls fail with `failure`, described as Telegram does or
   * with `description` (to echo something back).
   */
  failNextSends(count: number, failure: SendFailure, description?: string): void {
    for (let i = 0; i < count; i++) this.failures.push({ status: failure, description });
  }

  /** Waits for a sent message that matches. */
  async waitForMessage(
    predicate: (message: SentMessage) => boolean,
    timeoutMs = 5_000,
  ): Promise<SentMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sent.find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        const seen = this.sent.map((m) => `${m.chat_id}: ${m.text.split('\n')[0]}`).join(' | ');
        throw new Error(`no matching message in ${timeoutMs} ms; sent so far: ${seen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits until the bot is long polling (its webhook deleted, its getUpdates held open). */
  async waitForPolling(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.waiters.size === 0) {
      if (Date.now() > deadline) throw new Error(`the bot did not poll within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) waiter.respond([]);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const params = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
    if (match === null) return reply(res, 404, fail(404, 'Not Found'));
    const [, token, method] = match;
    this.calls.push({ method: method!, params });
    if (token !== this.token) return reply(res, 401, fail(401, 'Unauthorized'));
    switch (method) {
      case 'getMe':
        return reply(res, 200, ok(this.me()));
      case 'deleteWebhook':
        if (truthy(params['drop_pending_updates'])) this.updates = [];
        return reply(res, 200, ok(true));
      case 'setMyCommands':
        return reply(res, 200, ok(true));
      case 'getUpdates':
        return this.getUpdates(params, res);
      case 'sendMessage':
        return this.sendMessage(params, res);
      default:
        return reply(res, 404, fail(404, 'Not Found: method not found'));
    }
  }

  private me(): Params {
    return {
      id: 999_000,
      is_bot: true,
      first_name: 'Ops',
      username: this.botUsername,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
  }

  private getUpdates(params: Params, res: ServerResponse): void {
    const offset = Number(params['offset'] ?? 0);
    const limit = Number(params['limit'] ?? 100);
    const timeout = Number(params['timeout'] ?? 0);
    // An offset confirms every update before it: those are gone for good.
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    const ready = this.take(offset, limit);
    if (ready.length > 0 || timeout <= 0) {
      reply(res, 200, ok(ready));
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const waiter: Waiter = {
      offset,
      limit,
      respond: (updates) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        if (!res.writableEnded) reply(res, 200, ok(updates));
      },
    };
    timer = setTimeout(() => waiter.respond([]), timeout * 1000);
    this.waiters.add(waiter);
    // The client gave up (grammY aborts the poll on stop): forget the request.
    res.on('close', () => {
      clearTimeout(timer);
      this.waiters.delete(waiter);
    });
  }

  private take(offset: number, limit: number): Update[] {
    return this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) {
      const ready = this.take(waiter.offset, waiter.limit);
      if (ready.length > 0) waiter.respond(ready);
    }
  }

  private sendMessage(params: Params, res: ServerResponse): void {
    const failure = this.failures.shift();
    if (failure !== undefined) {
      const { status } = failure;
      const { description, parameters } = FAILURES[status];
      reply(res, status, fail(status, failure.description ?? description, parameters));
      return;
    }
    const chatId = params['chat_id'];
    const text = params['text'];
    if ((typeof chatId !== 'number' && typeof chatId !== 'string') || typeof text !== 'string') {
      reply(res, 400, fail(400, 'Bad Request: chat_id and text are required'));
      return;
    }
    this.sent.push({ ...params, chat_id: chatId, text });
    reply(
      res,
      200,
      ok({
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'supergroup' : 'private' },
        text,
      }),
    );
  }
}

function ok(result: unknown) {
  return { ok: true, result };
}

function fail(error_code: number, description: string, parameters?: Params) {
  return { ok: false, error_code, description, ...(parameters ? { parameters } : {}) };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Reads a JSON or form-encoded body; grammY sends JSON unless it uploads files. */
async function readBody(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw) as Params;
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  throw new Error(`unsupported content type ${type}`);
}
