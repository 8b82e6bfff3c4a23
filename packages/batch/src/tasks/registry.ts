import { JobskillError } from '@jobskill/data';
import { labelTask } from './label.ts';
import { skillsTask } from './skills.ts';
import type { BatchTask } from './types.ts';

/** Batch tasks by name. Implementations never import this registry back. */
export const BATCH_TASKS: Readonly<Record<string, BatchTask<any>>> = Object.freeze({
  label: labelTask,
  skills: skillsTask,
});

export function batchTask(name: string, tasks: Readonly<Record<string, BatchTask<any>>> = BATCH_TASKS): BatchTask<any> {
  const task = tasks[name];
  if (!task) throw new JobskillError('UNKNOWN_TASK', `unknown batch task "${name}"; valid: ${Object.keys(tasks).join(', ')}`);
  return task;
}
