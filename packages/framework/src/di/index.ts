/**
 * Dependency injection: typed tokens and the per-run container.
 * @module
 */
export * from './createRunContainer.js';
export * from './tokens.js';
