import { createHash } from 'node:crypto';
import { JobskillError } from '@jobskill/data';

/** One rankable skill: its id in the corpus (TalentCLEF c_id or the ESCO URI), URI, display label and aliases. */
export interface CorpusSkill {
  docId: string;
  escoUri: string;
  label: string;
  /** Non-empty, de-duplicated (case-insensitive) surface forms; the first is the display label. */
  aliases: string[];
}

export interface SkillCorpus {
  /** Human name for messages and manifests (`esco-v1.1.1`, `talentclef2025_taskB/validation`). */
  name: string;
  skills: CorpusSkill[];
}

/** Structural subset of @jobskill/data's EscoSkill that a corpus needs. */
export interface EscoSkillLike {
  uri: string;
  preferredLabel: string;
  altLabels: string[];
}

/** Structural subset of @jobskill/data's TaskBCorpusElement. */
export interface TaskBCorpusElementLike {
  cId: string;
  escoUri: string;
  aliases: string[];
}

function dedupeAliases(labels: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of labels) {
    const alias = raw.trim().replace(/\s+/g, ' ');
    const key = alias.toLowerCase();
    if (alias === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(alias);
  }
  return out;
}

function checkCorpus(corpus: SkillCorpus): SkillCorpus {
  if (corpus.skills.length === 0) {
    throw new JobskillError('EMPTY_CORPUS', `corpus "${corpus.name}" has no skills`);
  }
  const ids = new Set<string>();
  for (const skill of corpus.skills) {
    if (ids.has(skill.docId)) {
      throw new JobskillError('DUPLICATE_DOC_ID', `corpus "${corpus.name}": doc id "${skill.docId}" occurs twice`);
    }
    ids.add(skill.docId);
  }
  return corpus;
}

/** ESCO skills as a corpus: doc id = ESCO URI, aliases = preferred label + alt labels. */
export function corpusFromEsco(skills: EscoSkillLike[], name = 'esco'): SkillCorpus {
  return checkCorpus({
    name,
    skills: skills.map((skill) => {
      const aliases = dedupeAliases([skill.preferredLabel, ...skill.altLabels]);
      if (aliases.length === 0) {
        throw new JobskillError('EMPTY_SKILL', `corpus "${name}": ESCO skill ${skill.uri} has no label`);
      }
      return { docId: skill.uri, escoUri: skill.uri, label: aliases[0]!, aliases };
    }),
  });
}

/** A TalentCLEF corpus_elements file as a corpus: doc id = c_id, aliases from skill_aliases. */
export function corpusFromTaskB(elements: TaskBCorpusElementLike[], name: string): SkillCorpus {
  return checkCorpus({
    name,
    skills: elements.map((element) => {
      const aliases = dedupeAliases(element.aliases);
      if (aliases.length === 0) {
        throw new JobskillError('EMPTY_SKILL', `corpus "${name}": element ${element.cId} has no alias`);
      }
      return { docId: element.cId, escoUri: element.escoUri, label: aliases[0]!, aliases };
    }),
  });
}

/**
 * Content hash of what an index depends on (ids and aliases, in order). The name is left out on purpose:
 * the same skills under another name can share an index.
 */
export function corpusHash(corpus: SkillCorpus): string {
  const hash = createHash('sha256');
  for (const skill of corpus.skills) {
    hash.update(JSON.stringify([skill.docId, skill.aliases]));
    hash.update('\n');
  }
  return hash.digest('hex');
}
