import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';
import { resolveLabelSet, type RoleDefinition } from '../label-sets.ts';
import { hasNoEvidence, skillsOf } from '../inputs.ts';
import { noEvidenceResult, pickBest, resultForChoice, zeroScores } from '../results.ts';
import type { Encoder, LabelResult, Labeler, LabelerInput } from '../types.ts';
import { EncoderOptionSchema, LabelSetOptionSchema } from './options.ts';

export const ZeroShotOptionsSchema = z.object({
  encoder: EncoderOptionSchema,
  labelSet: LabelSetOptionSchema,
  /**
   * 'prototypes' (default): the role name and each defining skill are separate prototypes; a skill
   * supports a role by how far its best prototype similarity exceeds `matchThreshold`; no support for
   * any role → the fallback. 'description': one vector per role description, softmax over
   * similarities (always answers a role; `minSimilarity` can send weak cases to the fallback).
   */
  mode: z.enum(['prototypes', 'description']).default('prototypes'),
  /**
   * 'prototypes' mode: cosine a skill must exceed to count as evidence for a role. 'auto' (default): the
   * `autoThresholdQuantile` quantile of the cosines between prototypes of *different* roles — label-free, and it
   * follows the encoder's similarity scale (≈ 0.50, the fixed value used before, for the session-1 encoder recipe).
   */
  matchThreshold: z.union([z.number().min(-1).max(1), z.literal('auto')]).default('auto'),
  autoThresholdQuantile: z.number().min(0).max(1).default(0.98),
  /** Softmax temperature turning cosine similarities into role probabilities. */
  temperature: z.number().positive().default(0.05),
  /** Each role is scored by the mean cosine of the resume's `topK` skills nearest to it. */
  topK: z.number().int().positive().default(3),
  /** Weight of the whole-resume vector (mean of the skill vectors) against the top-k skill score. */
  resumeWeight: z.number().min(0).max(1).default(0.5),
  /**
   * 'description' mode: weight of the cosine between the input's `title` (the candidate's own title) and a role,
   * added to the skills' similarity. Default 1: the one line that names the role counts as much as all the skills
   * together (label-free, not fitted on any labelled set). Inputs without a title are scored on skills only.
   */
  titleWeight: z.number().min(0).default(1),
  /** Skills per resume considered (long lists are cut, first ones kept). */
  maxSkills: z.number().int().positive().default(64),
  /**
   * Below this similarity for the best role, the resume gets the fallback role: a weak nearest role is
   * no evidence. 0 disables it. The scale depends on the encoder.
   */
  minSimilarity: z.number().min(-1).max(1).default(0),
  /** Number of evidence skills reported. */
  evidenceSize: z.number().int().positive().default(5),
});
export type ZeroShotOptions = z.input<typeof ZeroShotOptionsSchema>;

/** The text a role is described by: its name plus its defining skills. */
export function roleDescription(role: RoleDefinition): string {
  return role.definingSkills.length > 0 ? `${role.label}: ${role.definingSkills.join(', ')}` : role.label;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Zero-shot labeling without training labels: each skill of a resume and each role description is
 * encoded; a role's similarity blends the cosine of the whole resume (mean skill vector) with the mean
 * cosine of the k skills nearest to the role, so one strong cluster of skills can decide, as the
 * reference prompt asks. Probabilities are a softmax over the similarities; the evidence is the skills
 * nearest the chosen role.
 */
export function createZeroShotLabeler(options: ZeroShotOptions): Labeler {
  const opts = parseOptions(ZeroShotOptionsSchema, options, { what: 'zero-shot labeler' });
  const encoder: Encoder = opts.encoder;
  const labelSet = resolveLabelSet(opts.labelSet);
  const labels = labelSet.roles.map((r) => r.label);
  const name = 'zero-shot';
  let roleVectors: Promise<Float32Array[]> | undefined;
  // 'prototypes' mode: role name and each defining skill, flattened with their role index.
  const prototypes = labelSet.roles.flatMap((r, i) => [r.label, ...r.definingSkills].map((text) => ({ role: i, text })));
  let prototypeVectors: Promise<Float32Array[]> | undefined;
  let threshold: number | undefined;
  /** The match threshold for these prototype vectors (computed once for 'auto'). */
  const matchThreshold = (protoVecs: Float32Array[]): number => {
    if (opts.matchThreshold !== 'auto') return opts.matchThreshold;
    if (threshold === undefined) {
      const cross: number[] = [];
      for (let i = 0; i < protoVecs.length; i++) {
        for (let j = i + 1; j < protoVecs.length; j++) {
          if (prototypes[i]!.role !== prototypes[j]!.role) cross.push(dot(protoVecs[i]!, protoVecs[j]!));
        }
      }
      cross.sort((a, b) => a - b);
      // No cross-role pair (a single role): any positive similarity counts.
      threshold = cross.length === 0 ? 0 : cross[Math.min(cross.length - 1, Math.floor(opts.autoThresholdQuantile * (cross.length - 1)))]!;
    }
    return threshold;
  };

  const label = async (inputs: readonly LabelerInput[]): Promise<LabelResult[]> => {
    const descriptions = opts.mode === 'description' ? labelSet.roles.map(roleDescription) : prototypes.map((p) => p.text);
    const cached = opts.mode === 'description' ? (roleVectors ??= encoder.encode(descriptions)) : (prototypeVectors ??= encoder.encode(descriptions));
    const roles = await cached;
    if (roles.length !== descriptions.length || roles.some((v) => v.length !== encoder.dimensions)) {
      throw new JobskillError('ENCODER_MISMATCH', `encoder ${encoder.id} returned vectors of the wrong count or size for the role descriptions`);
    }
    // Encode each distinct skill once per call.
    const skillLists = inputs.map((input) => (hasNoEvidence(input) ? [] : skillsOf(input).slice(0, opts.maxSkills)));
    const titles = inputs.map((input) => (opts.mode === 'description' && opts.titleWeight > 0 ? (input.title ?? '').trim() : ''));
    const distinct = [...new Set([...skillLists.flat(), ...titles.filter((t) => t !== '')])];
    const vectors = new Map<string, Float32Array>();
    const encoded = distinct.length > 0 ? await encoder.encode(distinct) : [];
    distinct.forEach((s, i) => vectors.set(s, encoded[i]!));

    return inputs.map((input, n) => {
      const skills = skillLists[n]!;
      if (skills.length === 0) return noEvidenceResult(input, labelSet, name);
      const skillVecs = skills.map((s) => vectors.get(s)!);
      if (opts.mode === 'prototypes') return byPrototypes(input, skills, skillVecs, roles);
      const mean = new Float32Array(encoder.dimensions);
      for (const v of skillVecs) for (let i = 0; i < mean.length; i++) mean[i]! += v[i]!;
      const meanNorm = Math.sqrt(dot(mean, mean)) || 1;
      const titleVec = titles[n] ? vectors.get(titles[n]!) : undefined;
      const sims = new Float64Array(labels.length);
      const perSkill: Float64Array[] = [];
      roles.forEach((roleVec, r) => {
        const cos = Float64Array.from(skillVecs, (v) => dot(v, roleVec));
        perSkill.push(cos);
        const top = [...cos].sort((a, b) => b - a).slice(0, opts.topK);
        const topMean = top.reduce((a, b) => a + b, 0) / top.length;
        sims[r] = opts.resumeWeight * (dot(mean, roleVec) / meanNorm) + (1 - opts.resumeWeight) * topMean;
        if (titleVec) sims[r]! += opts.titleWeight * dot(titleVec, roleVec);
      });
      const maxSim = Math.max(...sims);
      const exps = Array.from(sims, (s) => Math.exp((s - maxSim) / opts.temperature));
      const z = exps.reduce((a, b) => a + b, 0);
      const probs = exps.map((e) => e / z);
      const fallback = labelSet.fallback !== null && maxSim < opts.minSimilarity ? labels.indexOf(labelSet.fallback) : -1;
      const choice = fallback >= 0 ? { index: fallback, ties: [] } : pickBest(labels, probs);
      const cos = perSkill[choice.index]!;
      const evidence = skills
        .map((s, i) => ({ s, c: cos[i]! }))
        .sort((a, b) => b.c - a.c)
        .slice(0, opts.evidenceSize)
        .map((e) => e.s);
      return resultForChoice(input, labels, probs, choice, evidence, name);
    });
  };

  /** Support of each role = Σ over skills of (best prototype cosine − threshold)⁺; shares as scores. */
  const byPrototypes = (input: LabelerInput, skills: string[], skillVecs: Float32Array[], protoVecs: Float32Array[]): LabelResult => {
    const support = new Float64Array(labels.length);
    const cut = matchThreshold(protoVecs);
    const best = skillVecs.map(() => new Float64Array(labels.length).fill(-1));
    skillVecs.forEach((v, si) => {
      protoVecs.forEach((p, pi) => {
        const r = prototypes[pi]!.role;
        best[si]![r] = Math.max(best[si]![r]!, dot(v, p));
      });
      for (let r = 0; r < labels.length; r++) support[r]! += Math.max(0, best[si]![r]! - cut);
    });
    const total = support.reduce((a, b) => a + b, 0);
    if (total === 0) {
      const scores = zeroScores(labels);
      // No skill near any role: the fallback role, with a score that says there is no evidence for it.
      const id = input.id !== undefined ? { id: input.id } : {};
      return { ...id, role: labelSet.fallback, score: 0, scores, evidence: [], labeler: name, noEvidence: true };
    }
    const choice = pickBest(labels, support);
    const evidence = skills
      .map((s, i) => ({ s, c: best[i]![choice.index]! }))
      .filter((e) => e.c > cut)
      .sort((a, b) => b.c - a.c)
      .slice(0, opts.evidenceSize)
      .map((e) => e.s);
    return resultForChoice(input, labels, Float64Array.from(support, (x) => x / total), choice, evidence, name);
  };

  return Object.freeze({ name, labels, label });
}
