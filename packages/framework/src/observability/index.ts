/**
 * Logging, metrics, the HTTP endpoint and anomaly detection.
 * @module
 */

export * from './AnomalyDetector.js';
export * from './httpEndpoint.js';
export * from './logger.js';
export * from './metrics.js';
export * from './metricsDoc.js';
