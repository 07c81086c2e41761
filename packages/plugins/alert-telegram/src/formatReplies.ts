/**
 * The bot's answers, laid out for a phone: short lines, one item per line, money with
 * two decimals and RUB. Plain text (no parse mode), so nothing needs escaping.
 * @module
 */
import {
  moscowStamp,
  type OrderLine,
  type PnlSummary,
  type PositionLine,
  type RunStatus,
} from '@moex-bot/framework';
import { COMMAND_NAMES, COMMANDS, mayUse } from './commands.js';
import type { Role } from './params.js';

const money = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
// Prices keep the digits their grid needs (VTBR trades in steps of 0.000005).
const price = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 6,
});

/** `1,234.50 RUB` */
export function rub(value: number): string {
  return `${money.format(value)} RUB`;
}

/** `+1,234.50 RUB`, `-12.00 RUB`: P&L figures carry their sign. */
export function signedRub(value: number): string {
  return `${value > 0 ? '+' : ''}${rub(value)}`;
}

/** `300.50`, `0.023455` */
export function formatPrice(value: number): string {
  return price.format(value);
}

/** `/status`: the state of the run at `time` (the session's clock). */
export function formatStatus(status: RunStatus, time: number): string {
  const strategies =
    status.strategies.length === 0
      ? 'none'
      : status.strategies.map((s) => `${s.name} (${s.status})`).join(', ');
  return [
    `Trading: ${status.trading.toUpperCase()} (${status.reason})`,
    `Equity: ${rub(status.equity)}`,
    `Cash: ${rub(status.cash)}`,
    `Open orders: ${status.openOrders}`,
    `Positions: ${status.positions.length}`,
    `Strategies: ${strategies}`,
    `As of ${moscowStamp(time)}`,
  ].join('\n');
}

/** `/positions`: one line per position. */
export function formatPositions(positions: readonly PositionLine[]): string {
  if (positions.length === 0) return 'No open positions.';
  const lines = positions.map(
    (p) =>
      `${p.ticker} ${p.lots > 0 ? '+' : ''}${p.lots} lots @ ${formatPrice(p.averagePrice)}, last ${formatPrice(p.lastPrice)}, P&L ${signedRub(p.unrealizedPnl)}`,
  );
  return [`Positions (${positions.length}):`, ...lines].join('\n');
}

/** `/orders`: one line per open order. */
export function formatOrders(orders: readonly OrderLine[]): string {
  if (orders.length === 0) return 'No open orders.';
  const lines = orders.map((o) => {
    const at = o.limitPrice === undefined ? '' : ` @ ${formatPrice(o.limitPrice)}`;
    return `${o.side.toUpperCase()} ${o.lots} ${o.ticker} ${o.type}${at}, filled ${o.filledLots}/${o.lots}, ${o.status} (${o.strategy})`;
  });
  return [`Open orders (${orders.length}):`, ...lines].join('\n');
}

/** `/pnl`: the run's profit and loss. */
export function formatPnl(pnl: PnlSummary): string {
  return [
    `Total: ${signedRub(pnl.total)}`,
    `Today: ${signedRub(pnl.today)}`,
    `Realised: ${signedRub(pnl.realized)}`,
    `Unrealised: ${signedRub(pnl.unrealized)}`,
    `Commission: ${rub(pnl.commission)}`,
    `Equity: ${rub(pnl.equity)} (start ${rub(pnl.initialCash)})`,
  ].join('\n');
}

/** `/help`: the commands `role` may use, one per line. */
export function formatHelp(role: Role): string {
  const lines = COMMAND_NAMES.filter((name) => !COMMANDS[name].hidden && mayUse(role, name)).map(
    (name) => {
      const spec = COMMANDS[name];
      return `/${name}${spec.usage === '' ? '' : ` ${spec.usage}`}: ${spec.summary}`;
    },
  );
  return [`You are ${role === 'operator' ? 'an operator' : 'a viewer'}. Commands:`, ...lines].join(
    '\n',
  );
}

/** Telegram's limit on one message's text. */
export const MESSAGE_LIMIT = 4096;

/**
 * Splits a reply into messages of at most `limit` characters, at line ends where it can
 * (a long position list arrives as several messages, not as an error).
 */
export function splitMessage(text: string, limit = MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (let rest = line; ; ) {
      const piece = rest.slice(0, limit);
      rest = rest.slice(limit);
      const joined = current === '' ? piece : `${current}\n${piece}`;
      if (joined.length <= limit) {
        current = joined;
      } else {
        parts.push(current);
        current = piece;
      }
      if (rest === '') break;
    }
  }
  if (current !== '' || parts.length === 0) parts.push(current);
  return parts;
}

/** Cuts text to `limit` characters, marking the cut (alerts go as one message). */
export function truncateMessage(text: string, limit = MESSAGE_LIMIT): string {
  const mark = '\n… (cut)';
  return text.length <= limit ? text : `${text.slice(0, limit - mark.length)}${mark}`;
}
