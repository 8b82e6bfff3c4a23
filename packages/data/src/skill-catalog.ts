import type { EscoData, EscoSkill } from './esco.ts';

/** One ESCO skill as a lookup answers it. */
export interface SkillRecord {
  uri: string;
  /** The trailing id of the URI (`…/esco/skill/<id>`), usable in `GET /v1/skills/{id}`. */
  id: string;
  label: string;
  aliases: string[];
  description: string;
  type: EscoSkill['skillType'];
  reuseLevel: string;
  occupations: { uri: string; label: string; relation: 'essential' | 'optional' }[];
  /** Skills that share the most occupations with this one (co-occurrence in ESCO occupation profiles). */
  relatedSkills: { uri: string; label: string; sharedOccupations: number }[];
}

export interface SkillCatalog {
  readonly size: number;
  /** By full URI or by its trailing id; undefined when unknown. */
  get(idOrUri: string): SkillRecord | undefined;
  /** Autocomplete over preferred and alternative labels: prefix matches first, then word-prefix, then substring. */
  find(query: string, limit?: number): { uri: string; id: string; label: string; matched: string }[];
}

const idOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** An in-memory catalogue over one ESCO export (loaded once, shared by the API and the CLI). */
export function createSkillCatalog(esco: Pick<EscoData, 'skills' | 'occupations' | 'relations'>, options: { relatedLimit?: number } = {}): SkillCatalog {
  const relatedLimit = options.relatedLimit ?? 10;
  const byUri = new Map(esco.skills.map((s) => [s.uri, s]));
  const byId = new Map(esco.skills.map((s) => [idOf(s.uri), s]));
  const occupationLabel = new Map(esco.occupations.map((o) => [o.uri, o.preferredLabel]));
  const occupationsOf = new Map<string, { uri: string; relation: 'essential' | 'optional' }[]>();
  const skillsOf = new Map<string, string[]>();
  for (const r of esco.relations) {
    if (!byUri.has(r.skillUri)) continue;
    (occupationsOf.get(r.skillUri) ?? occupationsOf.set(r.skillUri, []).get(r.skillUri)!).push({ uri: r.occupationUri, relation: r.relationType });
    (skillsOf.get(r.occupationUri) ?? skillsOf.set(r.occupationUri, []).get(r.occupationUri)!).push(r.skillUri);
  }
  const names = esco.skills.flatMap((s) => [s.preferredLabel, ...s.altLabels].map((name) => ({ skill: s, name, folded: fold(name) })));

  return {
    size: esco.skills.length,
    get(idOrUri) {
      const skill = byUri.get(idOrUri) ?? byId.get(idOrUri);
      if (!skill) return undefined;
      const occupations = (occupationsOf.get(skill.uri) ?? [])
        .map((o) => ({ uri: o.uri, label: occupationLabel.get(o.uri) ?? o.uri, relation: o.relation }))
        .sort((a, b) => (a.relation === b.relation ? a.label.localeCompare(b.label) : a.relation === 'essential' ? -1 : 1));
      const shared = new Map<string, number>();
      for (const o of occupations) for (const other of skillsOf.get(o.uri) ?? []) if (other !== skill.uri) shared.set(other, (shared.get(other) ?? 0) + 1);
      const relatedSkills = [...shared]
        .map(([uri, n]) => ({ uri, label: byUri.get(uri)!.preferredLabel, sharedOccupations: n }))
        .sort((a, b) => b.sharedOccupations - a.sharedOccupations || a.label.localeCompare(b.label))
        .slice(0, relatedLimit);
      return {
        uri: skill.uri,
        id: idOf(skill.uri),
        label: skill.preferredLabel,
        aliases: skill.altLabels,
        description: skill.description,
        type: skill.skillType,
        reuseLevel: skill.reuseLevel,
        occupations,
        relatedSkills,
      };
    },
    find(query, limit = 10) {
      const q = fold(query);
      if (q === '') return [];
      const scored: { tier: number; len: number; skill: EscoSkill; name: string }[] = [];
      for (const n of names) {
        const at = n.folded.indexOf(q);
        if (at < 0) continue;
        const tier = at === 0 ? 0 : /[^\p{L}\p{N}]/u.test(n.folded[at - 1]!) ? 1 : 2;
        scored.push({ tier, len: n.name.length, skill: n.skill, name: n.name });
      }
      scored.sort((a, b) => a.tier - b.tier || a.len - b.len || a.name.localeCompare(b.name));
      const seen = new Set<string>();
      const out: { uri: string; id: string; label: string; matched: string }[] = [];
      for (const s of scored) {
        if (seen.has(s.skill.uri)) continue;
        seen.add(s.skill.uri);
        out.push({ uri: s.skill.uri, id: idOf(s.skill.uri), label: s.skill.preferredLabel, matched: s.name });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
