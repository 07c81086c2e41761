/**
 * The framework's own version, read from its package.json, used for plugin host checks.
 * @module
 */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The running `@moex-bot/framework` version. */
export const frameworkVersion: string = manifest.version;
