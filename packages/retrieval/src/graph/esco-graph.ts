import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { JobskillError, DataError } from '@jobskill/data';
import type { EscoOccupation, EscoRelation, EscoSkill } from '@jobskill/data';

/** What the graph needs from ESCO (the @jobskill/data types, narrowed). */
export interface EscoGraphInput {
  skills: readonly Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels' | 'skillType' | 'reuseLevel'>[];
  occupations: readonly Pick<EscoOccupation, 'uri' | 'preferredLabel' | 'altLabels'>[];
  relations: readonly Pick<EscoRelation, 'occupationUri' | 'skillUri' | 'relationType'>[];
  /** TalentCLEF jobid2terms: occupation URI → extra title variants. */
  jobIdToTerms?: ReadonlyMap<string, readonly string[]>;
}

export const SKILL_TYPES = ['skill/competence', 'knowledge', ''] as const;
export const REUSE_LEVELS = ['transversal', 'cross-sector', 'sector-specific', 'occupation-specific', ''] as const;

export interface GraphSkill {
  uri: string;
  /** Preferred label first, then alt labels (deduplicated, lowercase-insensitive). */
  labels: string[];
  /** Index into SKILL_TYPES. */
  skillType: number;
  /** Index into REUSE_LEVELS (unknown values map to ''). */
  reuseLevel: number;
}

export interface GraphOccupation {
  uri: string;
  /** Preferred label, alt labels and jobid2terms variants, lowercased and deduplicated. */
  variants: string[];
  /** Skill indices. */
  essential: Int32Array;
  optional: Int32Array;
}

/**
 * ESCO as an index-addressed graph: occupations ↔ skills with the relation type, plus per-skill
 * popularity (how many occupations need it), skill type and reuse level.
 */
export class EscoGraph {
  readonly skills: GraphSkill[];
  readonly occupations: GraphOccupation[];
  readonly skillIndex: ReadonlyMap<string, number>;
  readonly occupationIndex: ReadonlyMap<string, number>;
  /** Per skill: number of occupations that list it as essential / optional. */
  readonly essentialCount: Int32Array;
  readonly optionalCount: Int32Array;
  /** Relations whose occupation URI is not among the occupations (kept out of the graph, counted here). */
  readonly unknownOccupationRelations: number;

  private constructor(
    skills: GraphSkill[],
    occupations: GraphOccupation[],
    unknownOccupationRelations: number,
  ) {
    this.skills = skills;
    this.occupations = occupations;
    this.skillIndex = new Map(skills.map((s, i) => [s.uri, i]));
    this.occupationIndex = new Map(occupations.map((o, i) => [o.uri, i]));
    this.essentialCount = new Int32Array(skills.length);
    this.optionalCount = new Int32Array(skills.length);
    for (const o of occupations) {
      for (const s of o.essential) this.essentialCount[s]!++;
      for (const s of o.optional) this.optionalCount[s]!++;
    }
    this.unknownOccupationRelations = unknownOccupationRelations;
  }

  static fromEsco(input: EscoGraphInput): EscoGraph {
    const skills: GraphSkill[] = [];
    const skillIndex = new Map<string, number>();
    const addSkill = (uri: string, labels: string[], skillType: string, reuseLevel: string): number => {
      const existing = skillIndex.get(uri);
      if (existing !== undefined) return existing;
      const typeIdx = SKILL_TYPES.indexOf(skillType as (typeof SKILL_TYPES)[number]);
      const reuseIdx = REUSE_LEVELS.indexOf(normalizeReuseLevel(reuseLevel));
      skills.push({
        uri,
        labels: dedupe(labels),
        skillType: typeIdx < 0 ? SKILL_TYPES.length - 1 : typeIdx,
        reuseLevel: reuseIdx,
      });
      skillIndex.set(uri, skills.length - 1);
      return skills.length - 1;
    };
    for (const s of input.skills) addSkill(s.uri, [s.preferredLabel, ...s.altLabels], s.skillType, s.reuseLevel);

    const occIndex = new Map<string, number>();
    const occs: { uri: string; variants: string[]; essential: Set<number>; optional: Set<number> }[] = [];
    for (const o of input.occupations) {
      if (occIndex.has(o.uri)) continue;
      const extra = input.jobIdToTerms?.get(o.uri) ?? [];
      occIndex.set(o.uri, occs.length);
      occs.push({
        uri: o.uri,
        variants: dedupe([o.preferredLabel, ...o.altLabels, ...extra].map((v) => v.toLowerCase())),
        essential: new Set(),
        optional: new Set(),
      });
    }
    let unknownOccupation = 0;
    for (const r of input.relations) {
      const oi = occIndex.get(r.occupationUri);
      if (oi === undefined) {
        unknownOccupation++;
        continue;
      }
      // A relation may name a skill missing from the skills file: keep it, with its URI as the only label.
      const si = skillIndex.get(r.skillUri) ?? addSkill(r.skillUri, [], '', '');
      const occ = occs[oi]!;
      if (r.relationType === 'essential') {
        occ.essential.add(si);
        occ.optional.delete(si);
      } else if (!occ.essential.has(si)) {
        occ.optional.add(si);
      }
    }
    const occupations = occs.map((o) => ({
      uri: o.uri,
      variants: o.variants,
      essential: Int32Array.from([...o.essential].sort((a, b) => a - b)),
      optional: Int32Array.from([...o.optional].sort((a, b) => a - b)),
    }));
    return new EscoGraph(skills, occupations, unknownOccupation);
  }
}

function normalizeReuseLevel(value: string): (typeof REUSE_LEVELS)[number] {
  const v = value.trim().toLowerCase();
  // ESCO CSVs carry either the plain level or the concept URI ending in it.
  for (const level of REUSE_LEVELS) if (level !== '' && (v === level || v.endsWith(`/${level}`))) return level;
  return '';
}

function dedupe(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const v = raw.trim();
    const key = v.toLowerCase();
    if (v === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/** The ESCO export and jobid2terms file inside a data directory laid out like ../shared/data. */
export function escoPaths(dataDir: string): { escoDir: string; jobIdToTerms: string } {
  return {
    escoDir: join(dataDir, 'esco_v1.1.1'),
    jobIdToTerms: join(dataDir, 'talentclef2025_taskB', 'training', 'jobid2terms.json'),
  };
}

/** Loads ESCO (+ jobid2terms when present) from a data directory and builds the graph. */
export async function loadEscoGraph(dataDir: string): Promise<EscoGraph> {
  const { loadEsco, loadJobIdToTerms } = await import('@jobskill/data');
  const paths = escoPaths(dataDir);
  if (!existsSync(paths.escoDir)) {
    throw new DataError('FILE_NOT_FOUND', 'ESCO directory not found (expected esco_v1.1.1 in the data directory)', {
      file: paths.escoDir,
    });
  }
  const esco = await loadEsco(paths.escoDir);
  const jobIdToTerms = existsSync(paths.jobIdToTerms) ? await loadJobIdToTerms(paths.jobIdToTerms) : undefined;
  const graph = EscoGraph.fromEsco({ ...esco, ...(jobIdToTerms ? { jobIdToTerms } : {}) });
  if (graph.occupations.length === 0) {
    throw new JobskillError('EMPTY_GRAPH', `ESCO in ${paths.escoDir} has no occupations`);
  }
  return graph;
}
