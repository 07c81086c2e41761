/**
 * `@moex-bot/store-s3`: the market-data store in an S3 bucket (AWS S3, MinIO and other
 * S3-compatible servers). The framework imports `createS3ObjectStore` from here when the
 * config has `data.store.s3`.
 * @module
 */
export { createS3ObjectStore, type S3ObjectStoreOptions } from './createS3ObjectStore.js';
