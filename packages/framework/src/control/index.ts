/**
 * Operator commands.
 * @module
 */
export * from './OperatorControl.js';
