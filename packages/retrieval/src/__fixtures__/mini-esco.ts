import type { EscoGraphInput } from '../graph/esco-graph.ts';

const S = (id: string) => `http://data.europa.eu/esco/skill/${id}`;
const O = (id: string) => `http://data.europa.eu/esco/occupation/${id}`;

/** A hand-written ESCO slice: three IT occupations, two health occupations, shared and specific skills. */
export const MINI_SKILLS = [
  { uri: S('python'), preferredLabel: 'Python', altLabels: ['python programming'], skillType: 'knowledge', reuseLevel: 'cross-sector' },
  { uri: S('statistics'), preferredLabel: 'statistics', altLabels: ['statistical analysis'], skillType: 'knowledge', reuseLevel: 'cross-sector' },
  { uri: S('ml'), preferredLabel: 'machine learning', altLabels: ['ML'], skillType: 'knowledge', reuseLevel: 'sector-specific' },
  { uri: S('sql'), preferredLabel: 'SQL', altLabels: ['structured query language'], skillType: 'knowledge', reuseLevel: 'sector-specific' },
  { uri: S('web'), preferredLabel: 'develop web applications', altLabels: ['build websites'], skillType: 'skill/competence', reuseLevel: 'occupation-specific' },
  { uri: S('teamwork'), preferredLabel: 'work in teams', altLabels: ['teamwork'], skillType: 'skill/competence', reuseLevel: 'http://data.europa.eu/esco/skill-reuse-level/transversal' },
  { uri: S('patient'), preferredLabel: 'patient care', altLabels: ['care for patients'], skillType: 'skill/competence', reuseLevel: 'sector-specific' },
  { uri: S('medication'), preferredLabel: 'administer medication', altLabels: [], skillType: 'skill/competence', reuseLevel: 'occupation-specific' },
  { uri: S('hygiene'), preferredLabel: 'hygiene standards', altLabels: [], skillType: 'knowledge', reuseLevel: 'cross-sector' },
] as const;

export const MINI_OCCUPATIONS = [
  { uri: O('data-scientist'), preferredLabel: 'data scientist', altLabels: ['data science specialist'] },
  { uri: O('data-analyst'), preferredLabel: 'data analyst', altLabels: ['business data analyst'] },
  { uri: O('web-developer'), preferredLabel: 'web developer', altLabels: ['website developer'] },
  { uri: O('nurse'), preferredLabel: 'nurse', altLabels: ['registered nurse'] },
  { uri: O('care-assistant'), preferredLabel: 'care assistant', altLabels: ['healthcare assistant'] },
] as const;

type Rel = [string, string, 'essential' | 'optional'];
const RELS: Rel[] = [
  ['data-scientist', 'python', 'essential'],
  ['data-scientist', 'statistics', 'essential'],
  ['data-scientist', 'ml', 'essential'],
  ['data-scientist', 'sql', 'optional'],
  ['data-scientist', 'teamwork', 'optional'],
  ['data-analyst', 'sql', 'essential'],
  ['data-analyst', 'statistics', 'essential'],
  ['data-analyst', 'python', 'optional'],
  ['data-analyst', 'teamwork', 'optional'],
  ['web-developer', 'web', 'essential'],
  ['web-developer', 'python', 'optional'],
  ['web-developer', 'teamwork', 'essential'],
  ['nurse', 'patient', 'essential'],
  ['nurse', 'medication', 'essential'],
  ['nurse', 'hygiene', 'essential'],
  ['nurse', 'teamwork', 'optional'],
  ['care-assistant', 'patient', 'essential'],
  ['care-assistant', 'hygiene', 'optional'],
  ['care-assistant', 'teamwork', 'optional'],
];

export function miniEscoInput(): EscoGraphInput {
  return {
    skills: MINI_SKILLS.map((s) => ({ ...s, altLabels: [...s.altLabels] })),
    occupations: MINI_OCCUPATIONS.map((o) => ({ ...o, altLabels: [...o.altLabels] })),
    relations: RELS.map(([o, s, relationType]) => ({ occupationUri: O(o), skillUri: S(s), relationType })),
    jobIdToTerms: new Map([[O('data-scientist'), ['ML engineer', 'Data Scientist']]]),
  };
}

export const miniSkillUri = S;
export const miniOccupationUri = O;
