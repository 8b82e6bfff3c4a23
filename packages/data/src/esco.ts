import { parseOptions } from './parse-options.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { mapCsvRows, readCsv, requireColumns, type CsvRow } from './csv.ts';
import { DataError } from './errors.ts';
import { escoSnapshotDir, escoSnapshotKey, readEscoSnapshot, writeEscoSnapshot } from './esco-snapshot.ts';
import {
  RowIssues,
  RowLoaderOptionsSchema,
  withSkipped,
  type LoadedRows,
  type RowLoaderOptions,
  type SkippedRow,
} from './rows.ts';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const EscoSkillSchema = z.object({
  uri: nonEmpty,
  preferredLabel: nonEmpty,
  altLabels: z.array(z.string()),
  hiddenLabels: z.array(z.string()),
  skillType: z.enum(['skill/competence', 'knowledge', '']),
  reuseLevel: z.string(),
  description: z.string(),
  status: z.string(),
});
export type EscoSkill = z.infer<typeof EscoSkillSchema>;

export const EscoOccupationSchema = z.object({
  uri: nonEmpty,
  code: z.string(),
  iscoGroup: z.string(),
  preferredLabel: nonEmpty,
  altLabels: z.array(z.string()),
  hiddenLabels: z.array(z.string()),
  description: z.string(),
});
export type EscoOccupation = z.infer<typeof EscoOccupationSchema>;

export const EscoRelationSchema = z.object({
  occupationUri: nonEmpty,
  skillUri: nonEmpty,
  relationType: z.enum(['essential', 'optional']),
  skillType: z.string(),
});
export type EscoRelation = z.infer<typeof EscoRelationSchema>;

const EscoHierarchyNodeSchema = z.object({ uri: nonEmpty, preferredLabel: z.string(), code: z.string() });
export type EscoHierarchyNode = z.infer<typeof EscoHierarchyNodeSchema>;

/** One row of skillsHierarchy_en.csv: the path from the level-0 group down to this row's deepest node. */
export const EscoHierarchyEntrySchema = z.object({
  /** The deepest node of the row (`levels.at(-1).uri`). */
  uri: nonEmpty,
  /** Level 0 first; 1 to 4 nodes. */
  levels: z.array(EscoHierarchyNodeSchema).min(1, 'row has no Level 0 URI'),
  description: z.string(),
  scopeNote: z.string(),
});
export type EscoHierarchyEntry = z.infer<typeof EscoHierarchyEntrySchema>;

export const IscoGroupSchema = z.object({
  uri: nonEmpty,
  code: nonEmpty,
  preferredLabel: nonEmpty,
  altLabels: z.array(z.string()),
  status: z.string(),
  description: z.string(),
});
export type IscoGroup = z.infer<typeof IscoGroupSchema>;

/** ESCO packs several labels into one quoted field, one per line. */
export function splitEscoLabels(field: string | undefined): string[] {
  if (!field) return [];
  return field
    .split(/\r?\n/)
    .map((label) => label.trim())
    .filter((label) => label !== '');
}

/**
 * Generic ESCO CSV loader: reads the file, checks the columns, maps each row and validates it with
 * `schema`. A failed validation names the CSV column that produced the bad field.
 */
async function loadEscoCsv<S extends z.ZodType>(
  file: string,
  options: RowLoaderOptions | undefined,
  required: readonly string[],
  schema: S,
  fieldToColumn: Record<string, string>,
  map: (values: Record<string, string>) => z.input<S>,
  minFields?: number,
): Promise<LoadedRows<z.infer<S>>> {
  const { lenient } = parseOptions(RowLoaderOptionsSchema, options ?? {}, { what: 'loader' });
  const table = await readCsv(file, minFields !== undefined ? { minFields } : {});
  requireColumns(table.header, required, file);
  const issues = new RowIssues(file, lenient);
  const records = mapCsvRows(table, issues, (row) => validateRow(row, schema, map, fieldToColumn, file));
  return withSkipped(records, issues.skipped);
}

function validateRow<S extends z.ZodType>(
  row: CsvRow,
  schema: S,
  map: (values: Record<string, string>) => z.input<S>,
  fieldToColumn: Record<string, string>,
  file: string,
): z.infer<S> {
  const result = schema.safeParse(map(row.values));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const column = fieldToColumn[key] ?? key;
  const value = row.values[column];
  throw new DataError(
    'INVALID_VALUE',
    `${issue.message}${value !== undefined ? ` (value ${JSON.stringify(value.slice(0, 80))})` : ''}`,
    { file, line: row.line, row: row.row, field: column },
  );
}

export async function loadEscoSkills(file: string, options?: RowLoaderOptions): Promise<LoadedRows<EscoSkill>> {
  return loadEscoCsv(
    file,
    options,
    ['conceptUri', 'preferredLabel', 'altLabels', 'hiddenLabels', 'skillType', 'reuseLevel', 'status', 'description'],
    EscoSkillSchema,
    { uri: 'conceptUri' },
    (v) => ({
      uri: v.conceptUri!,
      preferredLabel: v.preferredLabel!,
      altLabels: splitEscoLabels(v.altLabels),
      hiddenLabels: splitEscoLabels(v.hiddenLabels),
      skillType: v.skillType!.trim() as EscoSkill['skillType'],
      reuseLevel: v.reuseLevel!,
      description: v.description!,
      status: v.status!,
    }),
  );
}

export async function loadEscoOccupations(
  file: string,
  options?: RowLoaderOptions,
): Promise<LoadedRows<EscoOccupation>> {
  return loadEscoCsv(
    file,
    options,
    ['conceptUri', 'code', 'iscoGroup', 'preferredLabel', 'altLabels', 'hiddenLabels', 'description'],
    EscoOccupationSchema,
    { uri: 'conceptUri' },
    (v) => ({
      uri: v.conceptUri!,
      code: v.code!,
      iscoGroup: v.iscoGroup!,
      preferredLabel: v.preferredLabel!,
      altLabels: splitEscoLabels(v.altLabels),
      hiddenLabels: splitEscoLabels(v.hiddenLabels),
      description: v.description!,
    }),
  );
}

export async function loadEscoRelations(file: string, options?: RowLoaderOptions): Promise<LoadedRows<EscoRelation>> {
  return loadEscoCsv(
    file,
    options,
    ['occupationUri', 'relationType', 'skillType', 'skillUri'],
    EscoRelationSchema,
    {},
    (v) => ({
      occupationUri: v.occupationUri!,
      skillUri: v.skillUri!,
      relationType: v.relationType!.trim() as EscoRelation['relationType'],
      skillType: v.skillType!,
    }),
  );
}

const HIERARCHY_LEVELS = [0, 1, 2, 3] as const;

export async function loadEscoSkillsHierarchy(
  file: string,
  options?: RowLoaderOptions,
): Promise<LoadedRows<EscoHierarchyEntry>> {
  return loadEscoCsv(
    file,
    options,
    [
      ...HIERARCHY_LEVELS.flatMap((l) => [`Level ${l} URI`, `Level ${l} preferred term`, `Level ${l} code`]),
      'Description',
      'Scope note',
    ],
    EscoHierarchyEntrySchema,
    { uri: 'Level 0 URI', levels: 'Level 0 URI', description: 'Description', scopeNote: 'Scope note' },
    (v) => {
      const levels: EscoHierarchyNode[] = [];
      for (const level of HIERARCHY_LEVELS) {
        const uri = v[`Level ${level} URI`]!.trim();
        if (uri === '') break;
        levels.push({ uri, preferredLabel: v[`Level ${level} preferred term`]!, code: v[`Level ${level} code`]! });
      }
      return { uri: levels.at(-1)?.uri ?? '', levels, description: v.Description!, scopeNote: v['Scope note']! };
    },
    // The export leaves out empty trailing columns (Level 1–3 codes); Level 0 code is always there.
    11,
  );
}

export async function loadIscoGroups(file: string, options?: RowLoaderOptions): Promise<LoadedRows<IscoGroup>> {
  return loadEscoCsv(
    file,
    options,
    ['conceptUri', 'code', 'preferredLabel', 'altLabels', 'status', 'description'],
    IscoGroupSchema,
    { uri: 'conceptUri' },
    (v) => ({
      uri: v.conceptUri!,
      code: v.code!,
      preferredLabel: v.preferredLabel!,
      altLabels: splitEscoLabels(v.altLabels),
      status: v.status!,
      description: v.description!,
    }),
  );
}

/** File names of an ESCO CSV export; the relations file is language-neutral and named differently across versions. */
export const ESCO_FILES = Object.freeze({
  skills: ['skills_en.csv'],
  occupations: ['occupations_en.csv'],
  relations: ['occupationSkillRelations.csv', 'occupationSkillRelations_en.csv'],
  hierarchy: ['skillsHierarchy_en.csv'],
  iscoGroups: ['ISCOGroups_en.csv'],
} as const);

export type EscoFileKind = keyof typeof ESCO_FILES;

/** Path of an ESCO file in `escoDir`, trying the known names; `undefined` when none exists. */
export function findEscoFile(escoDir: string, kind: EscoFileKind): string | undefined {
  for (const name of ESCO_FILES[kind]) {
    const candidate = join(escoDir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface EscoData {
  skills: EscoSkill[];
  occupations: EscoOccupation[];
  relations: EscoRelation[];
  hierarchy: EscoHierarchyEntry[];
  iscoGroups: IscoGroup[];
  /** Rows skipped by a lenient load, all files together (each names its file). */
  skipped: SkippedRow[];
}

/**
 * Points every relation's URIs and type words at one shared string per value: parsed rows hold a fresh copy in
 * each of the ~124k relations (≈ 25 MB of the ≈ 52 MB heap ESCO takes in a server).
 */
function shareRelationStrings(tables: Pick<EscoData, 'skills' | 'occupations' | 'relations'>): void {
  const shared = new Map<string, string>();
  for (const s of tables.skills) shared.set(s.uri, s.uri);
  for (const o of tables.occupations) shared.set(o.uri, o.uri);
  const one = (value: string): string => {
    const known = shared.get(value);
    if (known !== undefined) return known;
    shared.set(value, value);
    return value;
  };
  for (const r of tables.relations as { -readonly [K in keyof EscoRelation]: EscoRelation[K] }[]) {
    r.occupationUri = one(r.occupationUri);
    r.skillUri = one(r.skillUri);
    r.relationType = one(r.relationType) as EscoRelation['relationType'];
    r.skillType = one(r.skillType);
  }
}

/** Loads the five ESCO CSVs of one export directory (e.g. `esco_v1.1.1`). */
export async function loadEsco(escoDir: string, options?: RowLoaderOptions): Promise<EscoData> {
  const need = (kind: EscoFileKind): string => {
    const file = findEscoFile(escoDir, kind);
    if (file === undefined) {
      throw new DataError('FILE_NOT_FOUND', `no ${ESCO_FILES[kind].join(' or ')} in the ESCO directory`, {
        file: escoDir,
      });
    }
    return file;
  };
  const files = {
    skills: need('skills'),
    occupations: need('occupations'),
    relations: need('relations'),
    hierarchy: need('hierarchy'),
    iscoGroups: need('iscoGroups'),
  };
  // Default options only: a snapshot holds what the default (strict) loaders return.
  const snapshotDir = options === undefined ? escoSnapshotDir() : null;
  const key = snapshotDir === null ? '' : escoSnapshotKey(Object.values(files));
  const saved = snapshotDir === null ? null : readEscoSnapshot(snapshotDir, key);
  if (saved !== null && ['skills', 'occupations', 'relations', 'hierarchy', 'iscoGroups'].every((t) => Array.isArray(saved[t]))) {
    const tables = saved as unknown as Omit<EscoData, 'skipped'>;
    shareRelationStrings(tables);
    return { ...tables, skipped: Object.values(saved).flatMap((rows) => [...rows.skipped]) };
  }
  // Sequential on purpose: parsing is CPU-bound, parallel reads would only raise peak memory.
  const skills = await loadEscoSkills(files.skills, options);
  const occupations = await loadEscoOccupations(files.occupations, options);
  const relations = await loadEscoRelations(files.relations, options);
  const hierarchy = await loadEscoSkillsHierarchy(files.hierarchy, options);
  const iscoGroups = await loadIscoGroups(files.iscoGroups, options);
  shareRelationStrings({ skills, occupations, relations });
  if (snapshotDir !== null) {
    try {
      await writeEscoSnapshot(snapshotDir, key, { skills, occupations, relations, hierarchy, iscoGroups });
    } catch {
      // A read-only cache directory costs the next start a parse, nothing more.
    }
  }
  return {
    skills,
    occupations,
    relations,
    hierarchy,
    iscoGroups,
    skipped: [skills, occupations, relations, hierarchy, iscoGroups].flatMap((rows) => [...rows.skipped]),
  };
}
