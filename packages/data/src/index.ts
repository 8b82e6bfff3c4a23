export { DataError, JobskillError } from './errors.ts';
export type { DataErrorCode, DataErrorLocation } from './errors.ts';
export { ERROR_CATALOGUE, ERROR_CODES, errorSpec, isErrorCode } from './error-catalogue.ts';
export type { ErrorCode, ErrorKind, ErrorSpec } from './error-catalogue.ts';
export { parseOptions } from './parse-options.ts';
export { Prng, createRng, randomInt, shuffleInPlace } from './random.ts';
export type { Rng } from './random.ts';
export { writeFileAtomic, writeDirAtomic, tempPathFor } from './atomic-write.ts';
export { dataDirPath, resolveDataDir } from './data-dir.ts';
export { resolveCacheDir } from './cache-dir.ts';
export { hashArtifactFiles, sealArtifact, sha256File, verifyArtifact } from './artifact-integrity.ts';
export type { ArtifactFileDigest, ArtifactIntegrity, VerifyArtifactOptions } from './artifact-integrity.ts';
export { dataFingerprint } from './data-fingerprint.ts';
export type { DataFingerprint, DataFingerprintOptions } from './data-fingerprint.ts';
export { createSkillCatalog } from './skill-catalog.ts';
export type { SkillCatalog, SkillRecord } from './skill-catalog.ts';
export type { SkippedRow, LoadedRows } from './rows.ts';
export { parsePythonStringList, ListLiteralError } from './python-list.ts';
export {
  loadEsco,
  loadEscoSkills,
  loadEscoOccupations,
  loadEscoRelations,
  loadEscoSkillsHierarchy,
  loadIscoGroups,
  findEscoFile,
} from './esco.ts';
export type {
  EscoSkill,
  EscoOccupation,
  EscoRelation,
  EscoHierarchyEntry,
  IscoGroup,
  EscoData,
  EscoFileKind,
} from './esco.ts';
export { loadOccupationTitles, occupationTitles } from './occupation-titles.ts';
export type { OccupationTitleSuggestion, OccupationTitles } from './occupation-titles.ts';
export { loadQrels } from './qrels.ts';
export type { Qrel } from './qrels.ts';
export { loadTaskBDir, loadTaskBQueries, loadTaskBCorpus, loadJobIdToTerms, isTaskBDir } from './taskb.ts';
export type { TaskBQuery, TaskBCorpusElement, TaskBData } from './taskb.ts';
export { parseSkills } from './skills.ts';
export { loadResumes, REFERENCE_RESUME_COLUMNS } from './resumes.ts';
export type { ResumeRecord, LoadResumesOptions, LoadedResumes } from './resumes.ts';
export { loadLabeledTexts } from './labeled.ts';
export type { LabeledText, LoadLabeledTextsOptions, LoadedLabeledTexts } from './labeled.ts';
export { loadTextRows } from './text-rows.ts';
export { csvCell } from './csv-cell.ts';
export type { LoadTextRowsOptions, LoadedTextRows, TextRow } from './text-rows.ts';
export { summarizeDataDir, formatDataSummary } from './summary.ts';
export type { DataSummary } from './summary.ts';
export { fetchSources, listDataSources } from './fetch.ts';
export type { FetchSourcesOptions, FetchReport, FetchedFile } from './fetch.ts';
export { DATA_SOURCES } from './sources.ts';
export type { DataSourceId } from './sources.ts';
export {
  readDocument,
  readDocumentOrReason,
  extractDocumentText,
  sniffDocumentFormat,
  hasText,
  DocumentError,
} from './documents/read-document.ts';
export type {
  DocumentText,
  NoTextDocument,
  LoadedDocument,
  DocumentFormat,
  NoTextReason,
} from './documents/read-document.ts';
export { iterateDocuments, loadDocuments } from './documents/folder.ts';
export type { LoadDocumentsOptions, DocumentProgress, DocumentLoadSummary } from './documents/folder.ts';
export { parseResumeSections } from './resume-sections.ts';
export type { ResumeSection, ResumeSectionKind, ExperienceEntry, ParsedResume } from './resume-sections.ts';
export { loadJobbertTitles } from './jobbert.ts';
export type { JobTitlePair, LoadedJobbertTitles } from './jobbert.ts';
export { loadTitleSimilaritySet } from './title-similarity.ts';
export type { TitleRecord, TitleSimilaritySet } from './title-similarity.ts';
export {
  loadTechWolfSplit,
  loadTechWolfVacanciesV111,
  splitVacancies,
  TECHWOLF_FILE,
  TECHWOLF_SPLIT,
  techWolfTaskB,
  writeTaskBDir,
} from './techwolf.ts';
export type { TechWolfVacancy, MappedVacancy, SkillLabelMapping, TechWolfSplit } from './techwolf.ts';
