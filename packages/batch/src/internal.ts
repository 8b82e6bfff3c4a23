// Not a stable API: @jobskill/batch/internal is for this repo's scripts, benches and tests; it changes without notice.
export { SubmitBatchOptionsSchema } from './submit.ts';
export { BatchWorkerOptionsSchema } from './worker.ts';
export { MANIFEST_FILE } from './manifest.ts';
export { batchTask } from './tasks/registry.ts';
export { LabelTaskOptionsSchema } from './tasks/label.ts';
export { SkillsTaskOptionsSchema } from './tasks/skills.ts';
export type { BatchTaskRunner } from './tasks/types.ts';
