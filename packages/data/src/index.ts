export { DataError, JobskillError } from './errors.ts';
export type { DataErrorCode, DataErrorLocation } from './errors.ts';
export { writeFileAtomic, writeDirAtomic, tempPathFor } from './atomic-write.ts';
export { resolveDataDir } from './data-dir.ts';
