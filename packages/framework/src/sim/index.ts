/**
 * The simulated venue: `SimulatedBroker`, its `simulated` plugin and the commission,
 * slippage and matching models it fills with.
 * @module
 */
export * from './checkOrder.js';
export * from './commission.js';
export * from './matching.js';
export * from './SimulatedBroker.js';
export * from './simulatedBrokerPlugin.js';
export * from './slippage.js';
