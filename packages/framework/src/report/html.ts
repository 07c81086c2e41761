/**
 * Small helpers for writing HTML by hand: escaping, number formats, and JSON that is
 * safe inside a `<script>` element.
 * @module
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON for a `<script type="application/json">` element: `<` is escaped so that no
 * value (an instrument name, a message) can close the element or open a comment.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** A fraction as a percentage with two decimals: 0.0512 → `5.12 %`. */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}

/** Roubles with two decimals and thin grouping: 1234567.891 → `1 234 567.89`. */
export function rub(amount: number): string {
  const [whole, cents] = Math.abs(amount).toFixed(2).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${amount < 0 ? '−' : ''}${grouped}.${cents}`;
}

/** A duration in ms as days and hours: `3 d 4 h`. */
export function duration(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  return days > 0 ? `${days} d ${hours % 24} h` : `${hours} h`;
}
