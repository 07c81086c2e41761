/**
 * Market data and the MOEX calendar: Moscow time, sessions, CSV bar files and feeds.
 * @module
 */
export * from './csvBars.js';
export * from './csvFeed.js';
export * from './feed.js';
export * from './mergeBars.js';
export * from './moscowTime.js';
export * from './sessions.js';
