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
  pnlText,
  type RunStatus,
  rubText,
} from '@moex-bot/framework';
import { COMMAND_NAMES, COMMANDS, mayUse } from './commands.js';
import type { Role } from './params.js';

// Prices keep the digits their grid needs (VTBR trades in steps of 0.000005).
const price = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 6,
});

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
    `Equity: ${rubText(status.equity)}`,
    `Cash: ${rubText(status.cash)}`,
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
      `${p.ticker} ${p.lots > 0 ? '+' : ''}${p.lots} lots @ ${formatPrice(p.averagePrice)}, last ${formatPrice(p.lastPrice)}, P&L ${pnlText(p.unrealizedPnl)}`,
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
    `Total: ${pnlText(pnl.total)}`,
    `Today: ${pnlText(pnl.today)}`,
    `Realised: ${pnlText(pnl.realized)}`,
    `Unrealised: ${pnlText(pnl.unrealized)}`,
    `Commission: ${rubText(pnl.commission)}`,
    `Equity: ${rubText(pnl.equity)} (start ${rubText(pnl.initialCash)})`,
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
      // Never between the halves of a surrogate pair (an emoji in a strategy's name).
      const split = limit > 1 && rest.length > limit && isHighSurrogate(rest.charCodeAt(limit - 1));
      const cut = split ? limit - 1 : limit;
      const piece = rest.slice(0, cut);
      rest = rest.slice(cut);
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

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
