/**
 * `moex-bot data fetch` without the command line: download venue history into the
 * store in chunks of one request each, staged on disk so that an interrupted run resumes.
 * @module
 */
export { DatasetStaging, type EarlierRun, type StagingPlan } from './DatasetStaging.js';
export * from './fetchHistory.js';
export * from './fetchProgress.js';
export * from './fetchProgressBar.js';
export * from './planChunks.js';
export {
  datasetStateDir,
  type FetchState,
  FetchStateSchema,
  type StagedChunk,
  StagedChunkSchema,
  stateFilePath,
} from './stagingFiles.js';
