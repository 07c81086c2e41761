/**
 * The engine: one bar → signal → risk → order path for every kind of run.
 * @module
 */
export * from './BarRing.js';
export * from './Engine.js';
export * from './ExecutionEngine.js';
export * from './OrderTracker.js';
export * from './RiskEngine.js';
export * from './SimulatedClock.js';
export * from './StrategyRunner.js';
export * from './sizing.js';
export * from './TradingState.js';
