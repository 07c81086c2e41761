#!/usr/bin/env node
/**
 * Entry of the `moex-bot` executable.
 * @module
 */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
