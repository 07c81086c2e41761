/**
 * Test settings of this plugin package: its own, so that `npm test` works the same inside
 * the moex-bot repository (whose root config would otherwise apply) and once copied out.
 * @module
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
