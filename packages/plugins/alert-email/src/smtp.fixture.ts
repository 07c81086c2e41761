/**
 * Test doubles for this package: an SMTP server on loopback (smtp-server) that keeps
 * every mail and can refuse logins and recipients, and a server that never greets. The
 * rest (alert context, closed port, recording logger) comes from the framework's test kit.
 * @module
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as the server received it. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The login the client authenticated as, if any. */
  readonly user: string | undefined;
  /** Header lines, unfolded, by lower-case name. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

export interface SmtpOptions {
  /** Logins the server accepts; without it the server offers no AUTH. */
  readonly users?: Readonly<Record<string, string>>;
  /** The reply code to refuse a recipient with, or undefined to accept it. */
  readonly refuseRecipient?: (address: string) => number | undefined;
}

export interface FakeSmtp {
  readonly port: number;
  readonly mails: readonly ReceivedMail[];
  /** The user names of every AUTH attempt, accepted or not. */
  readonly logins: readonly string[];
  close(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1, plain text (no STARTTLS), on a port of the system's choosing. */
export async function startSmtp(options: SmtpOptions = {}): Promise<FakeSmtp> {
  const mails: ReceivedMail[] = [];
  const logins: string[] = [];
  const { users } = options;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: users === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    authOptional: users === undefined,
    // Loopback only: AUTH over plain text is what the client must be able to do here.
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => {
      logins.push(auth.username ?? '');
      if (users?.[auth.username ?? ''] === auth.password) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onRcptTo: (address, _session, callback) => {
      const code = options.refuseRecipient?.(address.address);
      if (code === undefined) return callback();
      callback(
        Object.assign(new Error(`Mailbox ${address.address} refused`), { responseCode: code }),
      );
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const mailFrom = session.envelope.mailFrom;
        mails.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          headers: parseHeaders(raw.slice(0, split)),
          body: raw.slice(split + 4),
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  // Unfolding: a line break followed by white space continues the header.
  for (const line of block.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** A server that accepts connections and never says a word (no SMTP greeting). */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
