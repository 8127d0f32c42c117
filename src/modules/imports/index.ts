/** Lead intake from outside (ADF, public web forms, list imports): what other modules may use. */
export { registerImportRoutes } from './imports.routes.ts';
export { parseAdf, type AdfProspect } from './adf-parser.ts';
export { decodeText, readRows, type FileRow } from './file-reader.ts';
export * from './schema.ts';
export {
  registerImportTarget,
  type ImportTarget,
  type TargetCandidate,
  type TargetOutcome,
} from './import-targets.ts';
export { headerKey } from './column-mapping.ts';
