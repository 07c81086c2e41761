/**
 * Alert routing.
 * @module
 */
export * from './AlertRouter.js';
