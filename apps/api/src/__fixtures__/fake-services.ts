import type { ApiServices, RoleLabel, RoleLabelInput, SkillHit, SkillSearcher } from '../services.ts';

/** A tiny, deterministic skill corpus: token-overlap scoring stands in for the retriever in fast unit tests. */
export const FAKE_SKILLS = [
  'python programming',
  'machine learning',
  'data analysis',
  'statistics',
  'project management',
  'javascript',
  'cloud computing',
  'database design',
  'nursing care',
  'welding',
].map((label, i) => ({ uri: `http://data.europa.eu/esco/skill/fake-${i}`, label }));

export interface FakeOptions {
  /** Delay each search/label call (to test timeouts and graceful shutdown). */
  delayMs?: number;
  /** Make search throw (to test 500 handling). */
  failSearch?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function fakeSearcher(options: FakeOptions = {}): SkillSearcher & { calls: number } {
  const searcher = {
    calls: 0,
    corpusSize: FAKE_SKILLS.length,
    async search(title: string, { k, alpha }: { k: number; alpha: number }): Promise<SkillHit[]> {
      searcher.calls++;
      if (options.delayMs) await sleep(options.delayMs);
      if (options.failSearch) throw new TypeError('boom: internal detail that must not leak');
      const words = new Set(title.toLowerCase().split(/\W+/).filter(Boolean));
      return FAKE_SKILLS.map((s, i) => {
        const overlap = s.label.split(' ').filter((w) => words.has(w)).length;
        const evidence = { stage: 'candidate', firstStageScore: overlap, firstStageRank: 0, ...(overlap > 0 ? { bestAlias: s.label } : {}) };
        return { ...s, score: alpha * overlap + (1 - alpha) * (1 / (i + 2)), importance: overlap > 0 ? ('core' as const) : ('contextual' as const), evidence };
      })
        .sort((a, b) => b.score - a.score)
        .slice(0, k)
        .map((hit, i) => ({ ...hit, evidence: { ...hit.evidence, firstStageRank: i + 1 } }));
    },
  };
  return searcher;
}

export const FAKE_ROLES = ['Data Scientist', 'Software Engineer', 'Other'] as const;
const ROLE_WORDS: Record<string, string[]> = {
  'Data Scientist': ['python', 'statistics', 'machine learning'],
  'Software Engineer': ['java', 'javascript', 'typescript'],
};

export function fakeLabeler(options: FakeOptions = {}) {
  return {
    labelers: ['fake-rules', 'fake-other'] as const,
    defaultLabeler: 'fake-rules',
    roles: FAKE_ROLES,
    async label(inputs: RoleLabelInput[], labeler: string): Promise<RoleLabel[]> {
      if (options.delayMs) await sleep(options.delayMs);
      return inputs.map((input) => {
        const skills = input.skills.length > 0 ? input.skills : (input.text ?? '').split(/[,\n]/);
        const lower = skills.map((s) => s.trim().toLowerCase()).filter(Boolean);
        const scores: Record<string, number> = {};
        const evidence: Record<string, string[]> = {};
        for (const role of FAKE_ROLES) {
          evidence[role] = lower.filter((s) => (ROLE_WORDS[role] ?? []).includes(s));
          scores[role] = evidence[role].length;
        }
        const best = FAKE_ROLES.filter((r) => r !== 'Other').sort((a, b) => scores[b]! - scores[a]!)[0]!;
        const noEvidence = scores[best] === 0;
        const role = noEvidence ? 'Other' : best;
        return { role, score: scores[role] ?? 0, labeler, evidence: evidence[role] ?? [], scores, noEvidence };
      });
    },
  };
}

export function fakeServices(options: FakeOptions = {}): ApiServices & { closed: boolean; skills: { calls: number } } {
  const services = {
    closed: false,
    skills: fakeSearcher(options),
    roles: fakeLabeler(options),
    async close() {
      services.closed = true;
    },
  };
  return services;
}
