/**
 * Domain types: instruments, bars, orders, fills, positions and the exact ledger.
 * @module
 */
export * from './bar.js';
export * from './decimal.js';
export * from './instrument.js';
export * from './order.js';
export * from './portfolio.js';
export * from './positionBook.js';
export * from './priceGrid.js';
export * from './quotation.js';
