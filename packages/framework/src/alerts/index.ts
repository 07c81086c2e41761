/**
 * Alert routing, and what alert channels share: delivery errors, a JSON POST and a
 * plain-text rendering of an alert.
 * @module
 */
export * from './AlertRouter.js';
export * from './ChannelThrottle.js';
export * from './DeliveryQueue.js';
export * from './delivery.js';
export * from './formatAlert.js';
export * from './postJson.js';
export * from './routing.js';
export * from './withDeadline.js';
