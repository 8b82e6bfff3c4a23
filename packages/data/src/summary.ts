import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  ESCO_FILES,
  findEscoFile,
  loadEscoOccupations,
  loadEscoRelations,
  loadEscoSkills,
  loadEscoSkillsHierarchy,
  loadIscoGroups,
} from './esco.ts';
import { JobskillError } from './errors.ts';
import { loadResumes } from './resumes.ts';
import { readTable } from './tabular.ts';
import { isTaskBDir, loadJobIdToTerms, loadTaskBDir } from './taskb.ts';

/** One source file: rows when it loaded, `missing` when absent, `error` (with the message) when unreadable. */
export interface SourceFileSummary {
  source: string;
  /** Path relative to the data directory. */
  path: string;
  status: 'ok' | 'missing' | 'error';
  rows?: number;
  bytes?: number;
  /** Extra per-source counts (e.g. essential / optional relations, resumes without skills). */
  details?: Record<string, number>;
  error?: { code: string; message: string };
}

export interface ResumeSetSummary {
  path: string;
  total: number;
  withSkills: number;
  withoutSkills: number;
}

export interface TaskBDirSummary {
  /** Path relative to the data directory, e.g. `talentclef2025_taskB/validation`. */
  name: string;
  queries: number;
  corpus: number;
  /** null when the directory has no qrels file. */
  qrels: number | null;
  queriesWithQrels: number | null;
  queriesWithoutQrels: number | null;
  /** Qrels whose query or document id is not in the queries / corpus files. */
  unknownQrelIds: number | null;
  /** Grade → number of qrels. */
  gradeLevels: Record<string, number> | null;
  graded: boolean | null;
  /** Relevant (grade ≥ 1) documents per query, over the queries in the qrels. */
  relevantPerQuery: { min: number; median: number; max: number; mean: number } | null;
  error?: { code: string; message: string };
}

export interface DataSummary {
  dataDir: string;
  files: SourceFileSummary[];
  resumes: ResumeSetSummary[];
  taskB: TaskBDirSummary[];
}

interface KnownFile {
  source: string;
  path: string;
  count: (file: string) => Promise<{ rows: number; details?: Record<string, number> }>;
}

const resumeCounts = async (file: string) => {
  const summary = await summarizeResumes(file);
  return { rows: summary.total, details: { withSkills: summary.withSkills, withoutSkills: summary.withoutSkills } };
};

const KNOWN_FILES: readonly KnownFile[] = Object.freeze([
  { source: 'resumes (reference schema)', path: 'resumes/resumes.parquet', count: resumeCounts },
  { source: 'resumes (flat JSONL)', path: 'resumes_dataturks_ner/resumes_flat.derived.jsonl', count: resumeCounts },
  {
    source: 'resumes (DataTurks NER)',
    path: 'resumes_dataturks_ner/entity_recognition_in_resumes.jsonl',
    count: async (file) => ({ rows: (await readTable(file, 'jsonl')).entries.length }),
  },
  ...escoFiles('esco_v1.1.1'),
  {
    source: 'ESCO v1.2.0 occupations',
    path: 'esco_v1.2.0_occupations/occupations_en.csv',
    count: async (file) => ({ rows: (await loadEscoOccupations(file)).length }),
  },
  {
    source: 'TalentCLEF jobid2terms',
    path: 'talentclef2025_taskB/training/jobid2terms.json',
    count: async (file) => {
      const map = await loadJobIdToTerms(file);
      return { rows: map.size, details: { terms: [...map.values()].reduce((sum, t) => sum + t.length, 0) } };
    },
  },
]);

function escoFiles(dir: string): KnownFile[] {
  const path = (kind: keyof typeof ESCO_FILES) => `${dir}/${ESCO_FILES[kind][0]}`;
  return [
    {
      source: 'ESCO v1.1.1 skills',
      path: path('skills'),
      count: async (f) => ({ rows: (await loadEscoSkills(f)).length }),
    },
    {
      source: 'ESCO v1.1.1 occupations',
      path: path('occupations'),
      count: async (f) => ({ rows: (await loadEscoOccupations(f)).length }),
    },
    {
      source: 'ESCO v1.1.1 occupation-skill relations',
      path: path('relations'),
      count: async (f) => {
        const relations = await loadEscoRelations(f);
        const essential = relations.filter((r) => r.relationType === 'essential').length;
        return { rows: relations.length, details: { essential, optional: relations.length - essential } };
      },
    },
    {
      source: 'ESCO v1.1.1 skills hierarchy',
      path: path('hierarchy'),
      count: async (f) => ({ rows: (await loadEscoSkillsHierarchy(f)).length }),
    },
    {
      source: 'ESCO v1.1.1 ISCO groups',
      path: path('iscoGroups'),
      count: async (f) => ({ rows: (await loadIscoGroups(f)).length }),
    },
  ];
}

function errorInfo(error: unknown): { code: string; message: string } {
  if (error instanceof JobskillError) return { code: error.code, message: error.message };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Summarises a data directory for `jobskill data inspect`: rows per known source file, resumes with
 * and without skills, and every TalentCLEF Task B directory found (any directory holding `queries`
 * and `corpus_elements`, up to 3 levels deep). Absent sources are `missing`; unreadable ones carry
 * their DataError instead of aborting the summary. The result is plain JSON.
 */
export async function summarizeDataDir(dataDir: string): Promise<DataSummary> {
  const root = resolve(dataDir);
  if (!existsSync(root)) throw new JobskillError('DATA_DIR_NOT_FOUND', `data directory not found: ${root}`);
  const files: SourceFileSummary[] = [];
  const resumes: ResumeSetSummary[] = [];
  for (const known of KNOWN_FILES) {
    let file = join(root, known.path);
    // The ESCO relations file has a version-dependent name.
    if (!existsSync(file) && known.path.endsWith(ESCO_FILES.relations[0])) {
      file = findEscoFile(join(root, 'esco_v1.1.1'), 'relations') ?? file;
    }
    const path = relative(root, file);
    if (!existsSync(file)) {
      files.push({ source: known.source, path, status: 'missing' });
      continue;
    }
    const bytes = (await stat(file)).size;
    try {
      const { rows, details } = await known.count(file);
      files.push({ source: known.source, path, status: 'ok', rows, bytes, ...(details ? { details } : {}) });
      if (known.count === resumeCounts) {
        resumes.push({ path, total: rows, withSkills: details!.withSkills!, withoutSkills: details!.withoutSkills! });
      }
    } catch (error) {
      files.push({ source: known.source, path, status: 'error', bytes, error: errorInfo(error) });
    }
  }
  const taskB: TaskBDirSummary[] = [];
  for (const dir of await findTaskBDirs(root, 3)) taskB.push(await summarizeTaskBDir(root, dir));
  return { dataDir: root, files, resumes, taskB };
}

async function summarizeResumes(file: string): Promise<Omit<ResumeSetSummary, 'path'>> {
  const { records } = await loadResumes(file);
  const withSkills = records.filter((r) => r.hasSkills).length;
  return { total: records.length, withSkills, withoutSkills: records.length - withSkills };
}

async function findTaskBDirs(root: string, depth: number): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, level: number): Promise<void> => {
    if (isTaskBDir(dir)) found.push(dir);
    if (level >= depth) return;
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await walk(join(dir, entry.name), level + 1);
      }
    }
  };
  await walk(root, 0);
  return found;
}

async function summarizeTaskBDir(root: string, dir: string): Promise<TaskBDirSummary> {
  const name = relative(root, dir) || '.';
  try {
    const data = await loadTaskBDir(dir);
    const base = { name, queries: data.queries.length, corpus: data.corpus.length };
    if (data.qrels === null) {
      return {
        ...base,
        qrels: null,
        queriesWithQrels: null,
        queriesWithoutQrels: null,
        unknownQrelIds: null,
        gradeLevels: null,
        graded: null,
        relevantPerQuery: null,
      };
    }
    const queryIds = new Set(data.queries.map((q) => q.qId));
    const docIds = new Set(data.corpus.map((c) => c.cId));
    const gradeLevels: Record<string, number> = {};
    const relevant = new Map<string, number>();
    let unknown = 0;
    for (const qrel of data.qrels) {
      gradeLevels[qrel.grade] = (gradeLevels[qrel.grade] ?? 0) + 1;
      if (!relevant.has(qrel.qId)) relevant.set(qrel.qId, 0);
      if (qrel.grade >= 1) relevant.set(qrel.qId, relevant.get(qrel.qId)! + 1);
      if (!queryIds.has(qrel.qId) || !docIds.has(qrel.docId)) unknown++;
    }
    const withQrels = data.queries.filter((q) => relevant.has(q.qId)).length;
    const perQuery = [...relevant.values()];
    return {
      ...base,
      qrels: data.qrels.length,
      queriesWithQrels: withQrels,
      queriesWithoutQrels: data.queries.length - withQrels,
      unknownQrelIds: unknown,
      gradeLevels,
      graded: Object.keys(gradeLevels).some((grade) => Number(grade) > 1),
      relevantPerQuery:
        perQuery.length === 0
          ? null
          : {
              min: Math.min(...perQuery),
              median: median(perQuery),
              max: Math.max(...perQuery),
              mean: round(perQuery.reduce((a, b) => a + b, 0) / perQuery.length, 2),
            },
    };
  } catch (error) {
    return {
      name,
      queries: 0,
      corpus: 0,
      qrels: null,
      queriesWithQrels: null,
      queriesWithoutQrels: null,
      unknownQrelIds: null,
      gradeLevels: null,
      graded: null,
      relevantPerQuery: null,
      error: errorInfo(error),
    };
  }
}

/** Median as numpy computes it (mean of the two middle values for an even count); 0 for no values. */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Plain-text tables of a `DataSummary` for terminals and logs. */
export function formatDataSummary(summary: DataSummary): string {
  const out: string[] = [`Data directory: ${summary.dataDir}`, ''];
  out.push('Source files');
  out.push(
    table(
      ['source', 'path', 'status', 'rows', 'details'],
      summary.files.map((f) => [
        f.source,
        f.path,
        f.status === 'error' ? `error ${f.error?.code}` : f.status,
        f.rows === undefined ? '-' : String(f.rows),
        f.details
          ? Object.entries(f.details)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')
          : '',
      ]),
      [false, false, false, true, false],
    ),
  );
  for (const f of summary.files.filter((file) => file.status === 'error')) out.push(`  ${f.path}: ${f.error?.message}`);
  out.push('', 'Resumes');
  out.push(
    summary.resumes.length === 0
      ? '  (none found)'
      : table(
          ['file', 'total', 'with skills', 'without skills'],
          summary.resumes.map((r) => [r.path, r.total, r.withSkills, r.withoutSkills].map(String)),
          [false, true, true, true],
        ),
  );
  out.push('', 'TalentCLEF Task B directories');
  out.push(
    summary.taskB.length === 0
      ? '  (none found)'
      : table(
          ['directory', 'queries', 'corpus', 'qrels', 'queries w/ qrels', 'grades', 'relevant/query min/median/max'],
          summary.taskB.map((t) => [
            t.name,
            String(t.queries),
            String(t.corpus),
            t.error ? `error ${t.error.code}` : t.qrels === null ? 'none' : String(t.qrels),
            t.queriesWithQrels === null ? '-' : String(t.queriesWithQrels),
            t.gradeLevels
              ? Object.entries(t.gradeLevels)
                  .sort(([a], [b]) => Number(b) - Number(a))
                  .map(([grade, count]) => `${grade}:${count}`)
                  .join(' ')
              : '-',
            t.relevantPerQuery
              ? `${t.relevantPerQuery.min} / ${t.relevantPerQuery.median} / ${t.relevantPerQuery.max}`
              : '-',
          ]),
          [false, true, true, true, true, false, false],
        ),
  );
  for (const t of summary.taskB.filter((dir) => dir.error)) out.push(`  ${t.name}: ${t.error?.message}`);
  return out.join('\n');
}

function table(header: string[], rows: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells
      .map((cell, i) => (rightAlign[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
