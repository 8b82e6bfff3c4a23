import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDirAtomic } from './atomic-write.ts';
import { DataError } from './errors.ts';
import type { EscoSkill } from './esco.ts';
import { readTable, type Table } from './tabular.ts';

/**
 * The TechWolf vacancy set (`techwolf_vacancies/job_skill.parquet`, PROVENANCE §4a): one row per vacancy title as
 * posted, with the ESCO v1.2.0 skill labels a model extracted from the ad and its mean probability per skill.
 */
export interface TechWolfVacancy {
  /** 0-based parquet row. */
  row: number;
  title: string;
  skills: { label: string; probability: number; occurrence: number | null }[];
}

/** Expected parquet columns: the title and the parallel LIST columns. */
export const TECHWOLF_COLUMNS = Object.freeze(['title', 'skill_name', 'skill_prob_avg'] as const);

function listOf(value: unknown, where: { file: string; row: number; field: string }): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new DataError('WRONG_TYPE', `expected a LIST, got ${typeof value}`, where);
  return value;
}

/**
 * Reads the vacancy parquet. A row with a bad value (no title, lists of different lengths, a probability outside
 * [0, 1]) is a DataError naming file, row and field: the file is a curated input, a bad row means a bad file.
 */
export async function loadTechWolfVacancies(file: string): Promise<TechWolfVacancy[]> {
  const table: Table = await readTable(file, 'parquet');
  for (const column of TECHWOLF_COLUMNS) {
    if (!table.columns.includes(column)) throw new DataError('MISSING_COLUMN', `no column "${column}" (columns: ${table.columns.join(', ')})`, { file });
  }
  const out: TechWolfVacancy[] = [];
  for (const entry of table.entries) {
    if ('error' in entry) throw entry.error;
    const { values, row } = entry;
    const title = values.title;
    if (typeof title !== 'string' || title.trim() === '') throw new DataError('INVALID_VALUE', 'empty or missing title', { file, row, field: 'title' });
    const names = listOf(values.skill_name, { file, row, field: 'skill_name' });
    const probs = listOf(values.skill_prob_avg, { file, row, field: 'skill_prob_avg' });
    const occ = table.columns.includes('skill_occurrence_pct') ? listOf(values.skill_occurrence_pct, { file, row, field: 'skill_occurrence_pct' }) : [];
    if (probs.length !== names.length) {
      throw new DataError('MALFORMED_ROW', `skill_name has ${names.length} items, skill_prob_avg ${probs.length}`, { file, row, field: 'skill_prob_avg' });
    }
    const skills = names.map((name, i) => {
      if (typeof name !== 'string' || name.trim() === '') throw new DataError('INVALID_VALUE', `item ${i} is not a label`, { file, row, field: 'skill_name' });
      const p = probs[i];
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new DataError('INVALID_VALUE', `item ${i} is not a probability in [0, 1]: ${String(p)}`, { file, row, field: 'skill_prob_avg' });
      const o = occ[i];
      return { label: name.trim(), probability: p, occurrence: typeof o === 'number' ? o : null };
    });
    out.push({ row, title: title.trim(), skills });
  }
  return out;
}

/** Lowercase, Unicode dashes/quotes folded, non-alphanumerics collapsed to one space. */
export function normalizeSkillLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export type SkillLabelMatch = 'preferred' | 'alt' | 'normalized';

export interface SkillLabelMapping {
  /** v1.2.0 label → v1.1.1 skill URI and how it matched. */
  mapped: Map<string, { uri: string; how: SkillLabelMatch }>;
  /** Labels that matched no v1.1.1 skill, with how many vacancies list them (most frequent first). */
  unmapped: { label: string; vacancies: number }[];
  /** How many distinct labels matched each way. */
  counts: Record<SkillLabelMatch | 'unmapped', number>;
  /** Share of (vacancy, skill) items that mapped. */
  itemCoverage: number;
}

/**
 * Maps ESCO v1.2.0 preferred labels to ESCO v1.1.1 skills: exact preferred label, else exact alt label, else the
 * normalized form of either (a label shared by several skills goes to the first by URI order; preferred labels win
 * over alt labels). What does not map is listed, never dropped silently.
 */
export function mapSkillLabels(labels: Iterable<string>, skills: readonly Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels'>[]): SkillLabelMapping {
  const sorted = [...skills].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const preferred = new Map<string, string>();
  const alt = new Map<string, string>();
  const normPreferred = new Map<string, string>();
  const normAlt = new Map<string, string>();
  const setFirst = (m: Map<string, string>, k: string, v: string) => {
    if (k !== '' && !m.has(k)) m.set(k, v);
  };
  for (const s of sorted) {
    setFirst(preferred, s.preferredLabel.trim(), s.uri);
    setFirst(normPreferred, normalizeSkillLabel(s.preferredLabel), s.uri);
    for (const a of s.altLabels) {
      setFirst(alt, a.trim(), s.uri);
      setFirst(normAlt, normalizeSkillLabel(a), s.uri);
    }
  }
  const frequency = new Map<string, number>();
  for (const l of labels) frequency.set(l, (frequency.get(l) ?? 0) + 1);
  const mapped: SkillLabelMapping['mapped'] = new Map();
  const unmapped: SkillLabelMapping['unmapped'] = [];
  const counts = { preferred: 0, alt: 0, normalized: 0, unmapped: 0 };
  let items = 0;
  let mappedItems = 0;
  for (const [label, n] of [...frequency].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    items += n;
    const norm = normalizeSkillLabel(label);
    let hit: { uri: string; how: SkillLabelMatch } | undefined;
    if (preferred.has(label)) hit = { uri: preferred.get(label)!, how: 'preferred' };
    else if (alt.has(label)) hit = { uri: alt.get(label)!, how: 'alt' };
    else if (normPreferred.has(norm)) hit = { uri: normPreferred.get(norm)!, how: 'normalized' };
    else if (normAlt.has(norm)) hit = { uri: normAlt.get(norm)!, how: 'normalized' };
    if (hit === undefined) {
      unmapped.push({ label, vacancies: n });
      counts.unmapped++;
    } else {
      mapped.set(label, hit);
      counts[hit.how]++;
      mappedItems += n;
    }
  }
  unmapped.sort((a, b) => b.vacancies - a.vacancies || (a.label < b.label ? -1 : 1));
  return { mapped, unmapped, counts, itemCoverage: items === 0 ? 1 : mappedItems / items };
}

/** A vacancy with its skills as ESCO v1.1.1 URIs (one entry per URI: the highest probability wins). */
export interface MappedVacancy {
  row: number;
  title: string;
  skills: { uri: string; probability: number }[];
}

/** Loads the vacancies and maps their labels to v1.1.1; `mapping.unmapped` says what was left out. */
export async function loadTechWolfVacanciesV111(
  file: string,
  skills: readonly Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels'>[],
): Promise<{ vacancies: MappedVacancy[]; mapping: SkillLabelMapping }> {
  const raw = await loadTechWolfVacancies(file);
  const mapping = mapSkillLabels(raw.flatMap((v) => v.skills.map((s) => s.label)), skills);
  const vacancies = raw.map((v) => {
    const best = new Map<string, number>();
    for (const s of v.skills) {
      const hit = mapping.mapped.get(s.label);
      if (hit !== undefined && s.probability > (best.get(hit.uri) ?? -1)) best.set(hit.uri, s.probability);
    }
    return { row: v.row, title: v.title, skills: [...best].map(([uri, probability]) => ({ uri, probability })) };
  });
  return { vacancies, mapping };
}

/** FNV-1a 32-bit of a string: a stable, order-independent split key. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The normalized title a split is keyed on: the same title posted twice never lands on both sides. */
export function vacancyTitleKey(title: string): string {
  return normalizeSkillLabel(title);
}

/**
 * Deterministic train/dev split of vacancies by title: a title is dev when the hash of `seed:normalized title`
 * falls in the lowest `devFraction` of the hash range. Independent of row order; same seed, same split.
 */
export function splitVacancies<T extends { title: string }>(vacancies: readonly T[], options: { devFraction?: number; seed?: number } = {}): { train: T[]; dev: T[] } {
  const devFraction = options.devFraction ?? 0.1;
  const seed = options.seed ?? 42;
  if (!(devFraction >= 0 && devFraction <= 1)) throw new DataError('INVALID_VALUE', `devFraction must be in [0, 1], got ${devFraction}`);
  const cut = devFraction * 2 ** 32;
  const train: T[] = [];
  const dev: T[] = [];
  for (const v of vacancies) (fnv1a(`${seed}:${vacancyTitleKey(v.title)}`) < cut ? dev : train).push(v);
  return { train, dev };
}

/** The TechWolf vacancies inside a data directory. */
export const TECHWOLF_FILE = join('techwolf_vacancies', 'job_skill.parquet');

/**
 * The one split of the TechWolf titles: dev = the ~10 % held out of every training run (the embedded encoder's job-ad
 * pairs, extraction's job-ad prior and dev set train on `train` only; the TechWolf dev set is `dev`).
 */
export const TECHWOLF_SPLIT = Object.freeze({ devFraction: 0.1, seed: 42 });

export interface TechWolfSplit {
  train: MappedVacancy[];
  dev: MappedVacancy[];
  mapping: SkillLabelMapping;
}

/** Loads `TECHWOLF_FILE` of a data directory (labels mapped to v1.1.1) split by `TECHWOLF_SPLIT`; null when absent. */
export async function loadTechWolfSplit(
  dataDir: string,
  skills: readonly Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels'>[],
): Promise<TechWolfSplit | null> {
  const file = join(dataDir, TECHWOLF_FILE);
  if (!existsSync(file)) return null;
  const { vacancies, mapping } = await loadTechWolfVacanciesV111(file, skills);
  return { ...splitVacancies(vacancies, TECHWOLF_SPLIT), mapping };
}

/** A Python string literal as `repr` writes it (single quotes unless the text holds one and no double quote). */
function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  return quote + text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
}

/** A TSV field with pandas' CSV quoting (a field holding a double quote is quoted, inner quotes doubled). */
function tsvField(text: string): string {
  const flat = text.replace(/[\t\r\n]+/g, ' ');
  return flat.includes('"') ? `"${flat.replace(/"/g, '""')}"` : flat;
}

export interface TaskBDirContents {
  queries: { qId: string; jobTitle: string }[];
  corpus: { cId: string; escoUri: string; aliases: string[] }[];
  qrels: { qId: string; docId: string; relevance: number }[];
}

/** Writes a directory in the TalentCLEF Task B layout (queries, corpus_elements, qrels.tsv), atomically. */
export async function writeTaskBDir(dir: string, contents: TaskBDirContents): Promise<void> {
  const queries = ['q_id\tjobtitle', ...contents.queries.map((q) => `${q.qId}\t${tsvField(q.jobTitle)}`)].join('\n') + '\n';
  const corpus =
    ['c_id\tesco_uri\tskill_aliases', ...contents.corpus.map((c) => `${c.cId}\t${c.escoUri}\t${tsvField(`[${c.aliases.map(pythonRepr).join(', ')}]`)}`)].join('\n') + '\n';
  const qrels = contents.qrels.map((r) => `${r.qId}\t0\t${r.docId}\t${r.relevance}`).join('\n') + '\n';
  await writeDirAtomic(dir, async (tmp) => {
    await writeFile(join(tmp, 'queries'), queries);
    await writeFile(join(tmp, 'corpus_elements'), corpus);
    await writeFile(join(tmp, 'qrels.tsv'), qrels);
  });
}

/**
 * The TechWolf dev set in the Task B layout: one query per distinct (normalized) dev title, corpus = every given
 * ESCO skill (aliases = preferred + alt labels), qrels = the title's mapped skills (grade 1; a title posted several
 * times gets the union). Returns the contents; write them with `writeTaskBDir`.
 */
export function techWolfTaskB(
  dev: readonly MappedVacancy[],
  skills: readonly Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels'>[],
  prefix = 'tw',
): TaskBDirContents {
  const corpus = skills.map((s, i) => {
    const seen = new Set<string>();
    const aliases = [s.preferredLabel, ...s.altLabels].map((a) => a.trim()).filter((a) => a !== '' && !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
    return { cId: `${prefix}_cb_sk_${i + 1}`, escoUri: s.uri, aliases };
  });
  const docOf = new Map(corpus.map((c) => [c.escoUri, c.cId]));
  const byTitle = new Map<string, { title: string; skills: Set<string> }>();
  for (const v of [...dev].sort((a, b) => a.row - b.row)) {
    const key = vacancyTitleKey(v.title);
    let entry = byTitle.get(key);
    if (entry === undefined) byTitle.set(key, (entry = { title: v.title, skills: new Set() }));
    for (const s of v.skills) if (docOf.has(s.uri)) entry.skills.add(s.uri);
  }
  const queries: TaskBDirContents['queries'] = [];
  const qrels: TaskBDirContents['qrels'] = [];
  for (const { title, skills: rel } of byTitle.values()) {
    if (rel.size === 0) continue;
    const qId = `${prefix}_qb_jt_${queries.length + 1}`;
    queries.push({ qId, jobTitle: title });
    for (const uri of [...rel].sort()) qrels.push({ qId, docId: docOf.get(uri)!, relevance: 1 });
  }
  return { queries, corpus, qrels };
}
