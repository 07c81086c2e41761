/**
 * The bot's command vocabulary: which commands exist, who may use each, and how a
 * message's text is read as a command. No I/O here, so authorisation is easy to test.
 * @module
 */
import type { OperatorAction } from '@moex-bot/framework';
import type { Role } from './params.js';

/** What the bot answers to. `start` is what Telegram clients send on first contact. */
export const COMMAND_NAMES = [
  'status',
  'positions',
  'orders',
  'pnl',
  'help',
  'start',
  'halt',
  'reduce',
  'resume',
  'flatten',
  'confirm',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/** One command: the least role that may use it and the line `/help` shows. */
export interface CommandSpec {
  readonly role: Role;
  /** Arguments as `/help` shows them, e.g. `[reason]`. */
  readonly usage: string;
  readonly summary: string;
  /** Operator actions carried out by this command (through the operator desk). */
  readonly action?: OperatorAction;
  /** Whether the action waits for `/confirm <code>` first. */
  readonly confirm?: boolean;
  /** Left out of `/help` (aliases). */
  readonly hidden?: boolean;
}

/** The table of commands: a `Record` over every name, so a new name needs an entry. */
export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  status: { role: 'viewer', usage: '', summary: 'trading state, equity, cash, orders, positions' },
  positions: { role: 'viewer', usage: '', summary: 'open positions with P&L' },
  orders: { role: 'viewer', usage: '', summary: 'orders not yet filled' },
  pnl: { role: 'viewer', usage: '', summary: 'profit and loss of the run' },
  help: { role: 'viewer', usage: '', summary: 'the commands you may use' },
  start: { role: 'viewer', usage: '', summary: 'same as /help', hidden: true },
  halt: {
    role: 'operator',
    usage: '[reason]',
    summary: 'stop new orders; exits still pass',
    action: 'halt',
  },
  reduce: {
    role: 'operator',
    usage: '[reason]',
    summary: 'allow only orders that shrink positions',
    action: 'reduce',
  },
  resume: {
    role: 'operator',
    usage: '[reason]',
    summary: 'trade normally again (asks for /confirm)',
    action: 'resume',
    confirm: true,
  },
  flatten: {
    role: 'operator',
    usage: '',
    summary: 'cancel all orders, close all positions at market (asks for /confirm)',
    action: 'flatten',
    confirm: true,
  },
  confirm: { role: 'operator', usage: '<code>', summary: 'carry out a /resume or /flatten' },
};

/** True when `role` may use `command`. */
export function mayUse(role: Role, command: CommandName): boolean {
  return COMMANDS[command].role === 'viewer' || role === 'operator';
}

/** A command as read from a message. */
export interface ParsedCommand {
  /** Lower case, without the slash or a `@bot` suffix; may name no known command. */
  readonly name: string;
  /** The rest of the text, trimmed (a reason, a code). */
  readonly args: string;
}

/** Longest argument text kept: a reason, not an essay (it lands in logs and the audit). */
export const MAX_ARGS_LENGTH = 200;

/** `/name`, `/name@bot`, then optional arguments after whitespace. */
const COMMAND_PATTERN = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

/**
 * Reads a message's text as a command. Undefined when the text is not a command, or
 * when it is addressed to another bot (`/status@other_bot` in a group).
 * @example
 * parseCommand('/halt@ops_bot news at 10:00', 'ops_bot'); // { name: 'halt', args: 'news at 10:00' }
 * parseCommand('/halt@other_bot', 'ops_bot');             // undefined
 */
export function parseCommand(text: string, botUsername?: string): ParsedCommand | undefined {
  const match = COMMAND_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const [, name, addressee, rest] = match;
  if (
    addressee !== undefined &&
    botUsername !== undefined &&
    addressee.toLowerCase() !== botUsername.toLowerCase()
  ) {
    return undefined;
  }
  const args = (rest ?? '').trim().replace(/\s+/g, ' ').slice(0, MAX_ARGS_LENGTH);
  return { name: name!.toLowerCase(), args };
}

/** The known command of that name, if any. */
export function commandNamed(name: string): CommandName | undefined {
  return (COMMAND_NAMES as readonly string[]).includes(name) ? (name as CommandName) : undefined;
}
