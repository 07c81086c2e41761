/**
 * The versioned Parquet market-data store: datasets of bars in monthly, content-addressed
 * Parquet files on an ObjectStore (a folder or S3), immutable versions listed by manifests,
 * a lock file pinning the versions backtests read, and a feed that streams them.
 * @module
 */
export * from './barColumns.js';
export * from './barPeriod.js';
export * from './barStore.js';
export * from './configStoreFeed.js';
export * from './datasetId.js';
export * from './fetch/index.js';
export * from './loadManifests.js';
export * from './localObjectStore.js';
export * from './lockFile.js';
export * from './manifest.js';
export * from './mergeColumnStreams.js';
export * from './ObjectStore.js';
export * from './openObjectStore.js';
export * from './readBars.js';
export * from './resolveDatasetVersions.js';
export * from './storeFeed.js';
export * from './writeBars.js';
