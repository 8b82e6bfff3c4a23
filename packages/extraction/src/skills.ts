import type { EscoSkill } from '@jobskill/data';

/** How an alias of a skill was written in ESCO; lexical hits on weaker kinds score lower. */
export type AliasKind = 'preferred' | 'alt' | 'hidden' | 'base';

export interface ExtractionSkill {
  uri: string;
  label: string;
  /** Surface forms with their kind; `base` = a label without its parenthesized qualifier ("Java (computer programming)" → "Java"). */
  aliases: { text: string; kind: AliasKind }[];
}

/** Structural subset of @jobskill/data's EscoSkill. */
export type EscoSkillLike = Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels'> & { hiddenLabels?: string[] };

const QUALIFIER = /\s*\([^)]*\)\s*$/;

export function extractionSkillsFromEsco(skills: readonly EscoSkillLike[]): ExtractionSkill[] {
  return skills.map((skill) => {
    const aliases: ExtractionSkill['aliases'] = [];
    const seen = new Set<string>();
    const add = (text: string, kind: AliasKind): void => {
      const clean = text.trim().replace(/\s+/g, ' ');
      const key = clean.toLowerCase();
      if (clean === '' || seen.has(key)) return;
      seen.add(key);
      aliases.push({ text: clean, kind });
    };
    add(skill.preferredLabel, 'preferred');
    for (const alt of skill.altLabels) add(alt, 'alt');
    for (const hidden of skill.hiddenLabels ?? []) add(hidden, 'hidden');
    for (const { text } of [...aliases]) if (QUALIFIER.test(text)) add(text.replace(QUALIFIER, ''), 'base');
    return { uri: skill.uri, label: skill.preferredLabel, aliases };
  });
}
