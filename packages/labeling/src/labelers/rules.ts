import { z } from 'zod';
import { resolveLabelSet, type LabelSet } from '../label-sets.ts';
import { hasNoEvidence, skillsOf } from '../inputs.ts';
import { noEvidenceResult, pickBest } from '../results.ts';
import type { LabelResult, Labeler, LabelerInput } from '../types.ts';
import { LabelSetOptionSchema } from './options.ts';
import { parseOptions } from '@jobskill/data';

export const RulesOptionsSchema = z.object({ labelSet: LabelSetOptionSchema });
export type RulesOptions = z.input<typeof RulesOptionsSchema>;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface CompiledRules {
  pattern: RegExp;
  /** term → (role index, weight) pairs; one term may serve several roles (e.g. 'agile'). */
  roles: Map<string, { role: number; weight: number }[]>;
}

/**
 * One regex over every keyword, longest first, bounded by non-alphanumerics on both sides, so a
 * keyword is a whole token or phrase: 'java' no longer fires on 'javascript' nor 'soc' on 'associate',
 * and at one position the longest keyword wins ('asp.net' over '.net', 'java script' over 'java').
 */
export function compileRules(labelSet: LabelSet): CompiledRules {
  const roles = new Map<string, { role: number; weight: number }[]>();
  labelSet.roles.forEach((role, index) => {
    for (const { term, weight } of role.keywords) {
      const key = term.toLowerCase();
      const list = roles.get(key) ?? [];
      const same = list.find((e) => e.role === index);
      if (same) same.weight = Math.max(same.weight, weight);
      else list.push({ role: index, weight });
      roles.set(key, list);
    }
  });
  const terms = [...roles.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const body = terms.length > 0 ? terms.map(escapeRegExp).join('|') : '(?!)';
  // Right boundary also excludes + and # so that 'c' does not fire inside 'c++' or 'c#'.
  const pattern = new RegExp(`(?<![a-z0-9])(?:${body})(?![a-z0-9+#])`, 'g');
  return { pattern, roles };
}

/**
 * Better rules: whole-token/phrase keywords, evidence weighed across all roles. Each skill adds, to
 * every role it fires for, the largest weight among its keywords for that role; the role with the most
 * weight wins; score = its share of all the weight. Ties are explicit (`ties`, first in label-set order
 * wins); no keyword firing gives the fallback with empty evidence; no skills at all gives `noEvidence`.
 */
export function createRulesLabeler(options: RulesOptions = {}): Labeler {
  const labelSet = resolveLabelSet(parseOptions(RulesOptionsSchema, options, { what: 'rules labeler' }).labelSet);
  const labels = labelSet.roles.map((r) => r.label);
  const compiled = compileRules(labelSet);
  const name = 'rules';

  const labelOne = (input: LabelerInput): LabelResult => {
    if (hasNoEvidence(input)) return noEvidenceResult(input, labelSet, name);
    const skills = skillsOf(input);
    const weights = new Float64Array(labels.length);
    const evidence: string[][] = labels.map(() => []);
    for (const skill of skills) {
      const lower = skill.toLowerCase();
      const perRole = new Map<number, number>();
      compiled.pattern.lastIndex = 0;
      for (const match of lower.matchAll(compiled.pattern)) {
        for (const { role, weight } of compiled.roles.get(match[0]) ?? []) {
          perRole.set(role, Math.max(perRole.get(role) ?? 0, weight));
        }
      }
      for (const [role, weight] of perRole) {
        weights[role]! += weight;
        evidence[role]!.push(skill);
      }
    }
    const total = weights.reduce((a, b) => a + b, 0);
    const scores: Record<string, number> = {};
    labels.forEach((l, i) => (scores[l] = total > 0 ? weights[i]! / total : 0));
    const id = input.id !== undefined ? { id: input.id } : {};
    if (total === 0) {
      // No keyword fired: the fallback role, with a score that says there is no evidence for it.
      return { ...id, role: labelSet.fallback, score: 0, scores, evidence: [], labeler: name, noEvidence: true };
    }
    const { index, ties } = pickBest(labels, weights);
    return {
      ...id,
      role: labels[index]!,
      score: weights[index]! / total,
      scores,
      evidence: evidence[index]!,
      labeler: name,
      noEvidence: false,
      ...(ties.length > 0 ? { ties: ties.map((t) => labels[t]!) } : {}),
    };
  };

  return Object.freeze({
    name,
    labels,
    label: async (inputs: readonly LabelerInput[]) => inputs.map(labelOne),
    labelSync: (inputs: readonly LabelerInput[]) => inputs.map(labelOne),
  });
}
