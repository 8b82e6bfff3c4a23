import { z } from 'zod';
import { resolveLabelSet, type LabelSet } from '../label-sets.ts';
import { hasNoEvidence, textOf } from '../inputs.ts';
import { noEvidenceResult, zeroScores } from '../results.ts';
import type { LabelResult, Labeler, LabelerInput } from '../types.ts';
import { LabelSetOptionSchema } from './options.ts';
import { parseOptions } from '@jobskill/data';

export const RulesReferenceOptionsSchema = z.object({ labelSet: LabelSetOptionSchema });
export type RulesReferenceOptions = z.input<typeof RulesReferenceOptionsSchema>;

/**
 * The reference notebook's rules, quirks included: lowercase the raw skills text, then the FIRST role
 * (label-set order) with any keyword occurring as a plain substring wins; none → the fallback.
 * Plain substring on purpose: 'soc' fires on 'associate', 'java' on 'javascript', 'api' on 'rapid'.
 * Score is 1 for a decision (rules are not graded); evidence is the keywords that fired for the winner; no keyword
 * firing gives the fallback with score 0 and `noEvidence` (not a confident "Other").
 */
export function createRulesReferenceLabeler(options: RulesReferenceOptions = {}): Labeler {
  const labelSet: LabelSet = resolveLabelSet(parseOptions(RulesReferenceOptionsSchema, options, { what: 'rules-reference labeler' }).labelSet);
  const labels = labelSet.roles.map((r) => r.label);
  const rules = labelSet.roles.filter((r) => r.substringKeywords.length > 0);
  const name = 'rules-reference';

  const labelOne = (input: LabelerInput): LabelResult => {
    if (hasNoEvidence(input)) return noEvidenceResult(input, labelSet, name);
    // The reference lowercased the raw skills string (not the parsed list): that is what reproduces its labels.
    const text = textOf(input).toLowerCase();
    const scores = zeroScores(labels);
    for (const rule of rules) {
      const fired = rule.substringKeywords.filter((k) => text.includes(k));
      if (fired.length > 0) {
        scores[rule.label] = 1;
        return { ...(input.id !== undefined ? { id: input.id } : {}), role: rule.label, score: 1, scores, evidence: fired, labeler: name, noEvidence: false };
      }
    }
    // No keyword fired: the reference's fallback role, with a score that says there is no evidence for it.
    return { ...(input.id !== undefined ? { id: input.id } : {}), role: labelSet.fallback, score: 0, scores, evidence: [], labeler: name, noEvidence: true };
  };

  return Object.freeze({
    name,
    labels,
    label: async (inputs: readonly LabelerInput[]) => inputs.map(labelOne),
    labelSync: (inputs: readonly LabelerInput[]) => inputs.map(labelOne),
  });
}
