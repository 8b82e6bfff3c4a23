export { DataError, JobskillError } from './errors.ts';
export type { DataErrorCode, DataErrorLocation } from './errors.ts';
export { writeFileAtomic, writeDirAtomic, tempPathFor } from './atomic-write.ts';
export { resolveDataDir } from './data-dir.ts';
export { dataFingerprint, DataFingerprintOptionsSchema } from './data-fingerprint.ts';
export type { DataFingerprint, DataFingerprintOptions } from './data-fingerprint.ts';
export { createSkillCatalog } from './skill-catalog.ts';
export type { SkillCatalog, SkillRecord } from './skill-catalog.ts';
export { RowLoaderOptionsSchema, withSkipped } from './rows.ts';
export type { SkippedRow, LoadedRows, RowLoaderOptions } from './rows.ts';
export { parsePythonStringList, ListLiteralError } from './python-list.ts';
export {
  loadEsco,
  loadEscoSkills,
  loadEscoOccupations,
  loadEscoRelations,
  loadEscoSkillsHierarchy,
  loadIscoGroups,
  findEscoFile,
  splitEscoLabels,
  ESCO_FILES,
  EscoSkillSchema,
  EscoOccupationSchema,
  EscoRelationSchema,
  EscoHierarchyEntrySchema,
  IscoGroupSchema,
} from './esco.ts';
export type {
  EscoSkill,
  EscoOccupation,
  EscoRelation,
  EscoHierarchyEntry,
  EscoHierarchyNode,
  IscoGroup,
  EscoData,
  EscoFileKind,
} from './esco.ts';
export { loadQrels, QrelSchema } from './qrels.ts';
export type { Qrel } from './qrels.ts';
export {
  loadTaskBDir,
  loadTaskBQueries,
  loadTaskBCorpus,
  loadJobIdToTerms,
  isTaskBDir,
  findTaskBFile,
  TASK_B_FILES,
} from './taskb.ts';
export type { TaskBQuery, TaskBCorpusElement, TaskBData } from './taskb.ts';
export { parseSkills } from './skills.ts';
export { loadResumes, LoadResumesOptionsSchema, ResumeColumnsSchema, REFERENCE_RESUME_COLUMNS } from './resumes.ts';
export type { ResumeRecord, LoadResumesOptions, LoadedResumes } from './resumes.ts';
export { loadLabeledTexts, LoadLabeledTextsOptionsSchema } from './labeled.ts';
export type { LabeledText, LoadLabeledTextsOptions, LoadedLabeledTexts } from './labeled.ts';
export { inferTableFormat, TableFormatSchema } from './tabular.ts';
export type { TableFormat } from './tabular.ts';
export { summarizeDataDir, formatDataSummary } from './summary.ts';
export type { DataSummary, SourceFileSummary, ResumeSetSummary, TaskBDirSummary } from './summary.ts';
export { fetchSources, listDataSources, FetchSourcesOptionsSchema } from './fetch.ts';
export type { FetchSourcesOptions, FetchReport, FetchedFile } from './fetch.ts';
export { DATA_SOURCES } from './sources.ts';
export type { DataSourceDefinition, DataSourceId, SourceDownload, SourceOutput } from './sources.ts';
