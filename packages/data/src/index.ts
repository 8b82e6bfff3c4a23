export { DataError, JobskillError } from './errors.ts';
export type { DataErrorCode, DataErrorLocation } from './errors.ts';
export { ERROR_CATALOGUE, ERROR_CODES, errorSpec, isErrorCode } from './error-catalogue.ts';
export type { ErrorCode, ErrorKind, ErrorSpec } from './error-catalogue.ts';
export { parseOptions } from './parse-options.ts';
export { writeFileAtomic, writeDirAtomic, tempPathFor } from './atomic-write.ts';
export { dataDirPath, resolveDataDir } from './data-dir.ts';
export { resolveCacheDir } from './cache-dir.ts';
export { hashArtifactFiles, sealArtifact, sha256File, verifyArtifact } from './artifact-integrity.ts';
export type { ArtifactFileDigest, ArtifactIntegrity, VerifyArtifactOptions } from './artifact-integrity.ts';
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
export { loadOccupationTitles, occupationTitles } from './occupation-titles.ts';
export type { OccupationTitleSuggestion, OccupationTitles } from './occupation-titles.ts';
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
export { looksLikeProse, splitProse, splitSentences } from './prose.ts';
export { loadResumes, LoadResumesOptionsSchema, ResumeColumnsSchema, REFERENCE_RESUME_COLUMNS } from './resumes.ts';
export type { ResumeRecord, LoadResumesOptions, LoadedResumes } from './resumes.ts';
export { loadLabeledTexts, LoadLabeledTextsOptionsSchema } from './labeled.ts';
export type { LabeledText, LoadLabeledTextsOptions, LoadedLabeledTexts } from './labeled.ts';
export { loadTextRows, LoadTextRowsOptionsSchema } from './text-rows.ts';
export { csvCell } from './csv-cell.ts';
export type { LoadTextRowsOptions, LoadedTextRows, TextRow } from './text-rows.ts';
export { inferTableFormat, TableFormatSchema } from './tabular.ts';
export type { TableFormat } from './tabular.ts';
export { summarizeDataDir, formatDataSummary } from './summary.ts';
export type { DataSummary, SourceFileSummary, ResumeSetSummary, TaskBDirSummary } from './summary.ts';
export { fetchSources, listDataSources, FetchSourcesOptionsSchema } from './fetch.ts';
export type { FetchSourcesOptions, FetchReport, FetchedFile } from './fetch.ts';
export { DATA_SOURCES } from './sources.ts';
export type { DataSourceDefinition, DataSourceId, SourceDownload, SourceOutput } from './sources.ts';
export {
  readDocument,
  readDocumentOrReason,
  extractDocumentText,
  extractPdfText,
  extractDocxText,
  extractPlainText,
  normalizeExtractedText,
  documentFormatOf,
  sniffDocumentFormat,
  hasText,
  DocumentError,
  DOCUMENT_EXTENSIONS,
  NO_TEXT_ERROR_CODES,
} from './documents/read-document.ts';
export type { DocumentText, NoTextDocument, LoadedDocument, DocumentFormat, NoTextReason } from './documents/read-document.ts';
export { iterateDocuments, loadDocuments, listDocumentFiles, summarizeDocuments, LoadDocumentsOptionsSchema } from './documents/folder.ts';
export type { LoadDocumentsOptions, DocumentProgress, DocumentLoadSummary } from './documents/folder.ts';
export { parseResumeSections } from './resume-sections.ts';
export type { ResumeSection, ResumeSectionKind, ExperienceEntry, ParsedResume } from './resume-sections.ts';
export { loadJobbertTitles, LoadJobbertTitlesOptionsSchema } from './jobbert.ts';
export type { JobTitlePair, LoadJobbertTitlesOptions, LoadedJobbertTitles } from './jobbert.ts';
export { loadTitleSimilaritySet, loadTitleTsv, TITLE_SIMILARITY_FILES } from './title-similarity.ts';
export type { TitleRecord, TitleSimilaritySet } from './title-similarity.ts';
export {
  loadTechWolfVacancies,
  loadTechWolfVacanciesV111,
  mapSkillLabels,
  normalizeSkillLabel,
  TECHWOLF_COLUMNS,
  splitVacancies,
  techWolfTaskB,
  writeTaskBDir,
  vacancyTitleKey,
} from './techwolf.ts';
export type { TechWolfVacancy, MappedVacancy, TaskBDirContents, SkillLabelMapping, SkillLabelMatch } from './techwolf.ts';
