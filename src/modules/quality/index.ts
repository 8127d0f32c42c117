/** Data quality: matching engine, file de-duplication. What other modules and the CLI may use. */
export {
  dedupeFile,
  type DedupeFileOptions,
  type DedupeFileReport,
} from './dedupe-file/dedupe-file.service.ts';
export * from './matching/index.ts';
