// Not a stable API: @jobskill/data/internal is for this repo's scripts, benches and tests; it changes without notice.
export { DataFingerprintOptionsSchema } from './data-fingerprint.ts';
export { RowLoaderOptionsSchema, withSkipped } from './rows.ts';
export type { RowLoaderOptions } from './rows.ts';
export {
  splitEscoLabels,
  ESCO_FILES,
  EscoSkillSchema,
  EscoOccupationSchema,
  EscoRelationSchema,
  EscoHierarchyEntrySchema,
  IscoGroupSchema,
} from './esco.ts';
export type { EscoHierarchyNode } from './esco.ts';
export { QrelSchema } from './qrels.ts';
export { findTaskBFile, TASK_B_FILES } from './taskb.ts';
export { looksLikeProse, splitProse, splitSentences } from './prose.ts';
export { LoadResumesOptionsSchema, ResumeColumnsSchema } from './resumes.ts';
export { LoadLabeledTextsOptionsSchema } from './labeled.ts';
export { LoadTextRowsOptionsSchema } from './text-rows.ts';
export { inferTableFormat, TableFormatSchema } from './tabular.ts';
export type { TableFormat } from './tabular.ts';
export type { SourceFileSummary, ResumeSetSummary, TaskBDirSummary } from './summary.ts';
export { FetchSourcesOptionsSchema } from './fetch.ts';
export type { DataSourceDefinition, SourceDownload, SourceOutput } from './sources.ts';
export {
  extractPdfText,
  extractDocxText,
  extractPlainText,
  normalizeExtractedText,
  documentFormatOf,
  DOCUMENT_EXTENSIONS,
  NO_TEXT_ERROR_CODES,
} from './documents/read-document.ts';
export { listDocumentFiles, summarizeDocuments, LoadDocumentsOptionsSchema } from './documents/folder.ts';
export { LoadJobbertTitlesOptionsSchema } from './jobbert.ts';
export type { LoadJobbertTitlesOptions } from './jobbert.ts';
export { loadTitleTsv, TITLE_SIMILARITY_FILES } from './title-similarity.ts';
export {
  loadTechWolfVacancies,
  mapSkillLabels,
  normalizeSkillLabel,
  TECHWOLF_COLUMNS,
  vacancyTitleKey,
} from './techwolf.ts';
export type { TaskBDirContents, SkillLabelMatch } from './techwolf.ts';
