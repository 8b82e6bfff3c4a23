import { z } from 'zod';
import { JobskillError } from '@jobskill/data';
import type { ExtractionResult, SkillExtractor, SkillMention } from '@jobskill/extraction';
import type { OccupationSearch } from './occupation-search.ts';

// The extraction stage's contract, injected so matching works with any extractor (the served one, or a test's).
export type { ExtractionResult, SkillExtractor, SkillMention };

export type Importance = 'core' | 'contextual';
export interface CoveredSkill {
  uri: string;
  label: string;
  importance: Importance;
  evidence: { start: number; end: number; surface: string } | null;
}
export interface MissingSkill {
  uri: string;
  label: string;
  importance: Importance;
}
export interface MatchResult {
  score: number;
  title: string;
  covered: CoveredSkill[];
  missing: MissingSkill[];
  occupations: { uri: string; label: string; score: number }[];
  /** Skill names given as a list that are no ESCO label (reported, not dropped silently). */
  unresolvedSkills?: string[];
}

export const MatchOptionsSchema = z.object({
  /** Occupations the job title grounds to; their essential/optional skills are the job's skills. */
  occupations: z.number().int().positive().max(20).default(3),
  /** Weight of a contextual skill relative to a core one in the score. */
  contextualWeight: z.number().min(0).max(1).default(0.5),
});
export type MatchOptions = z.input<typeof MatchOptionsSchema>;

export type MatchInput = { title: string } & ({ resume: string; skills?: undefined } | { skills: string[]; resume?: undefined });

interface ResumeSkill {
  uri: string;
  evidence: CoveredSkill['evidence'];
}

/**
 * Resume ↔ job match. The job's skills are those of the ESCO occupations the title grounds to: core = essential
 * for the best occupation, contextual = any other essential/optional skill of the top occupations. Each job skill
 * weighs (similarity of the best occupation listing it) × (1 for core, `contextualWeight` otherwise).
 * score = Σ weight of the job skills the resume shows / Σ weight of all job skills, in [0, 1]:
 * the importance-weighted share of the job's skills the resume covers.
 */
export class ResumeMatcher {
  private readonly labelToSkill: Map<string, number>;

  constructor(
    private readonly search: OccupationSearch,
    private readonly extractor?: SkillExtractor,
  ) {
    this.labelToSkill = new Map();
    search.graph.skills.forEach((s, i) => {
      for (const l of s.labels) if (!this.labelToSkill.has(l.toLowerCase())) this.labelToSkill.set(l.toLowerCase(), i);
    });
  }

  /** Skill names → ESCO skills by exact (case-insensitive) preferred/alt label. */
  resolveSkillNames(names: readonly string[]): { skills: ResumeSkill[]; unresolved: string[] } {
    const skills: ResumeSkill[] = [];
    const unresolved: string[] = [];
    for (const name of names) {
      const i = this.labelToSkill.get(name.trim().toLowerCase());
      if (i === undefined) unresolved.push(name);
      else skills.push({ uri: this.search.graph.skills[i]!.uri, evidence: null });
    }
    return { skills, unresolved };
  }

  async resumeSkills(input: MatchInput): Promise<{ skills: ResumeSkill[]; unresolved?: string[] }> {
    if (input.skills !== undefined) {
      if (!Array.isArray(input.skills) || input.skills.some((s) => typeof s !== 'string')) {
        throw new JobskillError('INVALID_INPUT', 'skills must be an array of strings');
      }
      const { skills, unresolved } = this.resolveSkillNames(input.skills);
      return { skills, unresolved };
    }
    if (typeof input.resume !== 'string' || input.resume.trim() === '') throw new JobskillError('INVALID_INPUT', 'resume must be non-empty text');
    if (!this.extractor) throw new JobskillError('EXTRACTOR_UNAVAILABLE', 'no skill extractor is configured: pass skills instead of resume text');
    const extraction = await this.extractor.extract(input.resume);
    return {
      skills: extraction.skills.map((s) => {
        const m = s.mentions[0];
        return { uri: s.uri, evidence: m ? { start: m.start, end: m.end, surface: m.surface } : null };
      }),
    };
  }

  async match(input: MatchInput, options: MatchOptions = {}): Promise<MatchResult> {
    const resume = await this.resumeSkills(input);
    return this.matchSkills(input.title, resume.skills, options, resume.unresolved);
  }

  async matchSkills(title: string, resumeSkills: readonly ResumeSkill[], options: MatchOptions = {}, unresolved?: string[]): Promise<MatchResult> {
    const opts = MatchOptionsSchema.parse(options);
    const occupations = await this.search.search(title, { k: opts.occupations });
    const graph = this.search.graph;
    const jobSkills = new Map<number, { weight: number; importance: Importance }>();
    occupations.forEach((occ, rank) => {
      const o = graph.occupations[graph.occupationIndex.get(occ.uri)!]!;
      const sim = Math.max(occ.score, 1e-6);
      const add = (s: number, importance: Importance): void => {
        const weight = sim * (importance === 'core' ? 1 : opts.contextualWeight);
        const prev = jobSkills.get(s);
        if (!prev || weight > prev.weight) jobSkills.set(s, { weight, importance: prev?.importance === 'core' ? 'core' : importance });
      };
      for (const s of o.essential) add(s, rank === 0 ? 'core' : 'contextual');
      for (const s of o.optional) add(s, 'contextual');
    });
    const have = new Map(resumeSkills.map((s) => [s.uri, s.evidence]));
    let total = 0;
    let got = 0;
    const covered: (CoveredSkill & { w: number })[] = [];
    const missing: (MissingSkill & { w: number })[] = [];
    for (const [s, { weight, importance }] of jobSkills) {
      const skill = graph.skills[s]!;
      const entry = { uri: skill.uri, label: skill.labels[0] ?? skill.uri, importance };
      total += weight;
      if (have.has(skill.uri)) {
        got += weight;
        covered.push({ ...entry, evidence: have.get(skill.uri) ?? null, w: weight });
      } else missing.push({ ...entry, w: weight });
    }
    const byImportance = (a: { importance: Importance; w: number; label: string }, b: typeof a): number =>
      (a.importance === b.importance ? 0 : a.importance === 'core' ? -1 : 1) || b.w - a.w || a.label.localeCompare(b.label);
    covered.sort(byImportance);
    missing.sort(byImportance);
    const result: MatchResult = {
      score: total > 0 ? got / total : 0,
      title,
      covered: covered.map(({ w: _w, ...c }) => c),
      missing: missing.map(({ w: _w, ...m }) => m),
      occupations: occupations.map(({ uri, label, score }) => ({ uri, label, score })),
    };
    if (unresolved && unresolved.length > 0) result.unresolvedSkills = unresolved;
    return result;
  }

  /** A recruiter's shortlist: every resume matched against one title, best first (ties by id). */
  async rank(title: string, resumes: readonly ({ id: string } & ({ text: string } | { skills: string[] }))[], options: MatchOptions = {}): Promise<{ title: string; ranking: { id: string; score: number }[] }> {
    const ranking: { id: string; score: number }[] = [];
    for (const r of resumes) {
      const input: MatchInput = 'skills' in r ? { title, skills: r.skills } : { title, resume: r.text };
      ranking.push({ id: r.id, score: (await this.match(input, options)).score });
    }
    ranking.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { title, ranking };
  }
}
