/**
 * Risk decisions. Built-in checks use the closed `DenyCode` set; risk plugins may
 * add their own codes in SCREAMING_SNAKE case. Context is `key=value` data.
 * @module
 */

/** Denial codes of the host's built-in checks. */
export const DENY_CODES = [
  'TRADING_HALTED',
  'TRADING_REDUCING_ONLY',
  'EXPOSURE_EXCEEDS_INSTRUMENT_LIMIT',
  'EXPOSURE_EXCEEDS_GROSS_LIMIT',
  'ORDER_NOTIONAL_EXCEEDS_LIMIT',
  'OPEN_ORDERS_EXCEED_LIMIT',
  'DAILY_LOSS_LIMIT_REACHED',
  'NO_PRICE',
  'INVALID_QUANTITY',
  'PRICE_OFF_GRID',
  'STRATEGY_NOT_RUNNING',
  'RISK_RULE_FAILED',
] as const;

export type DenyCode = (typeof DENY_CODES)[number];

/** Key/value facts that explain a decision, e.g. `{ limit: 1000000, exposure: 1040000 }`. */
export type DecisionContext = Readonly<Record<string, string | number | boolean>>;

export type RiskDecision =
  | { readonly action: 'approve' }
  /** Approve a smaller order (whole lots, > 0). */
  | {
      readonly action: 'resize';
      readonly lots: number;
      readonly code: string;
      readonly context: DecisionContext;
    }
  | { readonly action: 'deny'; readonly code: string; readonly context: DecisionContext }
  /** Deny and put trading into `halted`. */
  | { readonly action: 'halt'; readonly code: string; readonly context: DecisionContext };

/** Decision constructors. */
export const decisions = {
  approve: (): RiskDecision => APPROVE,
  resize: (lots: number, code: string, context: DecisionContext = {}): RiskDecision => ({
    action: 'resize',
    lots,
    code,
    context,
  }),
  deny: (code: string, context: DecisionContext = {}): RiskDecision => ({
    action: 'deny',
    code,
    context,
  }),
  halt: (code: string, context: DecisionContext = {}): RiskDecision => ({
    action: 'halt',
    code,
    context,
  }),
} as const;

const APPROVE: RiskDecision = Object.freeze({ action: 'approve' });

/** `CODE: k=v k=v`, the one-line form used in logs and alerts. */
export function formatDecision(code: string, context: DecisionContext): string {
  const parts = Object.entries(context).map(([key, value]) => `${key}=${value}`);
  return parts.length ? `${code}: ${parts.join(' ')}` : code;
}
