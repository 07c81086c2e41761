/**
 * The `.env` file beside the config: read into a lookup map merged under the real
 * environment. It is never written into `process.env`, so one config's `.env` cannot
 * leak into another run in the same process (tests, an embedding application).
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { ConfigProblem } from './configProblem.js';

/** The variables references resolve against, and a problem if `.env` exists but is unreadable. */
export interface EnvLookup {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly problems: readonly ConfigProblem[];
}

/**
 * Merges `<dir>/.env` under `env`: a variable already set in `env` wins, the way
 * docker compose and dotenv behave, so an operator can override a file value per run.
 * @example
 * const { env } = await loadDotEnv('/srv/bot', process.env);
 */
export async function loadDotEnv(dir: string, env: NodeJS.ProcessEnv): Promise<EnvLookup> {
  const file = join(dir, '.env');
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { env: { ...env }, problems: [] };
    return {
      env: { ...env },
      problems: [
        {
          path: [],
          code: 'CONFIG_DOTENV_UNREADABLE',
          message: `cannot read ${file} (${code ?? 'unreadable'})`,
        },
      ],
    };
  }
  const merged: Record<string, string | undefined> = { ...parseEnv(content) };
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) merged[name] = value;
  }
  return { env: merged, problems: [] };
}
