import type { LabelSet } from '../label-sets.ts';
import { hasNoEvidence, skillsOf } from '../inputs.ts';
import { noEvidenceResult, resultFromProbabilities } from '../results.ts';
import type { LabelResult, Labeler, LabelerInput } from '../types.ts';

export interface ProbabilityLabelerSpec {
  name: string;
  labelSet: LabelSet;
  /** Skills passed to the model per resume (the first ones). */
  maxSkills: number;
  /** One probability per label, in label order, for one resume's skills. */
  probabilities(skills: string[], labels: readonly string[]): Promise<number[]>;
  dispose(): Promise<void>;
}

/**
 * The shell of a model labeler that reads a resume's skills and gives one probability per label
 * (zero-shot-nli, generative): explicit no-evidence results, one resume at a time, the best label with
 * ties, and the skills the model read as evidence (these models give no per-skill attribution).
 */
export function createProbabilityLabeler(spec: ProbabilityLabelerSpec): Labeler {
  const labels = spec.labelSet.roles.map((r) => r.label);
  const label = async (inputs: readonly LabelerInput[]): Promise<LabelResult[]> => {
    const out: LabelResult[] = [];
    for (const input of inputs) {
      if (hasNoEvidence(input)) {
        out.push(noEvidenceResult(input, spec.labelSet, spec.name));
        continue;
      }
      const skills = skillsOf(input).slice(0, spec.maxSkills);
      out.push(resultFromProbabilities(input, labels, await spec.probabilities(skills, labels), skills, spec.name));
    }
    return out;
  };
  return Object.freeze({ name: spec.name, labels, label, dispose: spec.dispose });
}
