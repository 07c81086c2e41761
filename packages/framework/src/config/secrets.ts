/**
 * The process-wide list of secret values (broker tokens, passwords) and the one function
 * that removes them from text. The config loader registers every secret it resolves;
 * loggers, error printers and alert channels pass their output through
 * {@link redactSecrets} before it leaves the process.
 * @module
 */

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

const secrets = new Set<string>();
/** Every form to replace, longest first, rebuilt lazily after a registration. */
let patterns: string[] | undefined;

/**
 * Values shorter than this are not registered: replacing every `1` or `ab` would garble
 * every log line, and a secret that short is guessed faster than it is hidden.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Remembers a secret value so that {@link redactSecrets} hides it. Values shorter than
 * {@link MIN_SECRET_LENGTH} characters (after trimming) are ignored.
 * @example
 * registerSecret(process.env.TINVEST_TOKEN);
 */
export function registerSecret(value: unknown): void {
  if (typeof value !== 'string' || value.trim().length < MIN_SECRET_LENGTH) return;
  if (secrets.has(value)) return;
  secrets.add(value);
  patterns = undefined;
}

/** The registered secrets, in registration order. */
export function knownSecrets(): readonly string[] {
  return [...secrets];
}

/**
 * Each secret as it may appear in output: as is, escaped inside a JSON string (a JSON
 * log line), and URL-encoded (a URL with the token in its query).
 */
function variantsOf(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  return [...new Set(forms)];
}

function currentPatterns(): string[] {
  if (patterns === undefined) {
    // Longest first, so that a secret containing another is replaced whole.
    patterns = [...secrets].flatMap(variantsOf).sort((a, b) => b.length - a.length);
  }
  return patterns;
}

/**
 * A redactor for a few values of one's own (a plugin's token), in all the forms
 * {@link redactSecrets} knows: as is, JSON-escaped and URL-encoded. Values shorter than
 * {@link MIN_SECRET_LENGTH} are ignored, as by {@link registerSecret}.
 * @example
 * const redact = redactorFor([params.botToken]);
 * redact(`POST /bot${encodeURIComponent(params.botToken)}/sendMessage`); // 'POST /bot[REDACTED]/sendMessage'
 */
export function redactorFor(values: readonly (string | undefined)[]): (text: string) => string {
  const forms = values
    .filter((v): v is string => typeof v === 'string' && v.trim().length >= MIN_SECRET_LENGTH)
    .flatMap(variantsOf)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
    return result;
  };
}

/**
 * Replaces every registered secret in `text` with `[REDACTED]`.
 * @example
 * registerSecret('t.abc123');
 * redactSecrets('Authorization: Bearer t.abc123'); // 'Authorization: Bearer [REDACTED]'
 */
export function redactSecrets(text: string): string {
  let result = text;
  for (const pattern of currentPatterns()) {
    if (result.includes(pattern)) result = result.split(pattern).join(REDACTED);
  }
  return result;
}
