#!/usr/bin/env node
// The `moex-bot` executable. It is plain JavaScript committed to the repository so that
// npm can link it at install time, before the TypeScript build has produced dist/.
const entry = new URL('../dist/cli/bin.js', import.meta.url);

try {
  await import(entry.href);
} catch (error) {
  const missing =
    error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/bin.js');
  if (!missing) throw error;
  process.stderr.write('moex-bot: the framework is not built yet; run `npm run build` first\n');
  process.exitCode = 1;
}
