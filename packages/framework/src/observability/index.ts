/**
 * Logging and metrics.
 * @module
 */
export * from './logger.js';
export * from './metrics.js';
