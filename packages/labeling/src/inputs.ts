import { parseSkills, type ResumeRecord } from '@jobskill/data';
import type { LabelerInput } from './types.ts';

/** The skills of an input: the parsed list, else split from the raw skills text, else from the free text. */
export function skillsOf(input: LabelerInput): string[] {
  const listed = (input.skills ?? []).map((s) => s.trim()).filter((s) => s !== '');
  if (listed.length > 0) return listed;
  if (input.skillsText != null && input.skillsText.trim() !== '') return parseSkills(input.skillsText);
  if (input.text != null && input.text.trim() !== '') return parseSkills(input.text);
  return [];
}

/** The text a model reads for an input: the raw skills text, else the joined skills, else the free text. */
export function textOf(input: LabelerInput): string {
  if (input.skillsText != null && input.skillsText.trim() !== '') return input.skillsText;
  const listed = (input.skills ?? []).filter((s) => s.trim() !== '');
  if (listed.length > 0) return listed.join(', ');
  return input.text ?? '';
}

/** True when the input has nothing to judge from (no skills, no skills text, no free text). */
export function hasNoEvidence(input: LabelerInput): boolean {
  return textOf(input).trim() === '';
}

/**
 * A loaded resume as labeler input: its parsed skills and raw skills field. The resume body is left
 * out on purpose, so a resume without skills gets the explicit "no evidence" result (the reference
 * labels from skills only); pass `includeResumeText` to let labelers fall back to the body.
 */
export function inputFromResume(record: ResumeRecord, options: { includeResumeText?: boolean } = {}): LabelerInput {
  return {
    id: record.id,
    skills: record.skills,
    skillsText: record.skillsRaw,
    ...(options.includeResumeText && record.resume !== null ? { text: record.resume } : {}),
  };
}
