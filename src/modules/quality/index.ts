/** Data quality: scores, the matching engine, file de-duplication. What others may use. */
export { registerQualityRoutes } from './quality.routes.ts';
export {
  dedupeFile,
  type DedupeFileOptions,
  type DedupeFileReport,
} from './dedupe-file/dedupe-file.service.ts';
export * from './matching/index.ts';
export * from './schema.ts';
export { checkCapturedCustomers } from './duplicates/capture-check.ts';
export { openDuplicatesOf, type ProbableDuplicate } from './duplicates/import-check.ts';
export { makeFirstQualityRun } from './scores/scheduled-run.ts';
