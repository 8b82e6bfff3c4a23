import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { DataError } from '@jobskill/data';
import { LabelSetSchema, type LabelSet, type LabelSetInput } from './label-sets.ts';

/**
 * A user's label set from a file, for `jobskill label --labels FILE`:
 * - text (`.txt` or any non-JSON file): one role per line; blank lines and `#` comments skipped. Each role's
 *   keyword (rules) and description (zero-shot) is its name.
 * - JSON: `["Data Engineer", …]`, or `[{ "label", "keywords"?, "description"?, "definingSkills"? }, …]`, or
 *   `{ "name"?, "roles": [...], "fallback"? }`. Keywords are strings or `{ "term", "weight" }`.
 * Every problem is a DataError naming the file, the line and the field.
 */

const KeywordSchema = z.union([z.string().trim().min(1), z.object({ term: z.string().trim().min(1), weight: z.number().positive().optional() }).strict()]);
const RoleSchema = z.union([
  z.string().trim().min(1),
  z
    .object({
      label: z.string().trim().min(1),
      keywords: z.array(KeywordSchema).optional(),
      description: z.string().trim().min(1).optional(),
      definingSkills: z.array(z.string().trim().min(1)).optional(),
    })
    .strict(),
]);
const RolesSchema = z.array(RoleSchema).min(2, 'a label set needs at least 2 roles');
const LabelSetFileSchema = z.union([
  RolesSchema,
  z.object({ name: z.string().trim().min(1).optional(), roles: RolesSchema, fallback: z.string().trim().min(1).nullable().optional() }).strict(),
]);

type RoleEntry = z.infer<typeof RoleSchema>;

function roleInput(role: RoleEntry): LabelSetInput['roles'][number] {
  if (typeof role === 'string') return { label: role, keywords: [{ term: role.toLowerCase() }] };
  const keywords = (role.keywords ?? [role.label.toLowerCase()]).map((k) => (typeof k === 'string' ? { term: k } : k));
  const definingSkills = [...(role.description ? [role.description] : []), ...(role.definingSkills ?? [])];
  return { label: role.label, keywords, definingSkills };
}

/** 1-based line of character `offset` in `text`. */
const lineAt = (text: string, offset: number): number => text.slice(0, Math.max(0, offset)).split('\n').length;

/** Line of the i-th role's label in a JSON text: the i-th occurrence of that label as a string. */
function roleLine(text: string, label: string | undefined): number | undefined {
  if (label === undefined) return undefined;
  const at = text.indexOf(JSON.stringify(label));
  return at < 0 ? undefined : lineAt(text, at);
}

function duplicateCheck(labels: { label: string; line?: number }[], file: string): void {
  const seen = new Map<string, number | undefined>();
  for (const { label, line } of labels) {
    const key = label.toLowerCase();
    if (seen.has(key)) {
      const first = seen.get(key);
      throw new DataError('INVALID_VALUE', `role "${label}" is listed twice${first !== undefined ? ` (first on line ${first})` : ''}`, { file, ...(line !== undefined ? { line } : {}), field: 'label' });
    }
    seen.set(key, line);
  }
}

function fromText(text: string, file: string): LabelSet {
  const roles: { label: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const label = raw.trim();
    if (label === '' || label.startsWith('#')) return;
    if (label.length > 200) throw new DataError('INVALID_VALUE', `role name is ${label.length} characters (at most 200)`, { file, line: i + 1, field: 'label' });
    roles.push({ label, line: i + 1 });
  });
  if (roles.length < 2) throw new DataError('INVALID_VALUE', `a label set needs at least 2 roles, found ${roles.length}`, { file });
  duplicateCheck(roles, file);
  return LabelSetSchema.parse({ name: basename(file, extname(file)), roles: roles.map((r) => roleInput(r.label)), fallback: null });
}

function fromJson(text: string, file: string): LabelSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/, "[\s\S]*" is not valid JSON$/, '');
    const position = /position (\d+)/.exec(message);
    throw new DataError('BAD_JSON', `not valid JSON: ${message}`, { file, ...(position ? { line: lineAt(text, Number(position[1])) } : {}) }, { cause: error });
  }
  const parsed = LabelSetFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    // The role the issue is in, to point at its line.
    const roles = Array.isArray(json) ? json : (json as { roles?: unknown[] } | null)?.roles;
    const index = issue.path.find((p) => typeof p === 'number');
    const role = Array.isArray(roles) && typeof index === 'number' ? roles[index] : undefined;
    const label = typeof role === 'string' ? role : typeof (role as { label?: unknown })?.label === 'string' ? (role as { label: string }).label : undefined;
    const line = roleLine(text, label);
    throw new DataError('INVALID_VALUE', issue.message, { file, ...(line !== undefined ? { line } : {}), field: path || '(root)' });
  }
  const data = parsed.data;
  const entries = Array.isArray(data) ? data : data.roles;
  const inputs = entries.map(roleInput);
  duplicateCheck(inputs.map((r) => ({ label: r.label, ...(roleLine(text, r.label) !== undefined ? { line: roleLine(text, r.label)! } : {}) })), file);
  const fallback = Array.isArray(data) ? null : (data.fallback ?? null);
  if (fallback !== null && !inputs.some((r) => r.label === fallback)) {
    throw new DataError('INVALID_VALUE', `fallback "${fallback}" is not one of the roles (${inputs.map((r) => r.label).join(', ')})`, { file, field: 'fallback' });
  }
  const name = Array.isArray(data) ? basename(file, extname(file)) : (data.name ?? basename(file, extname(file)));
  return LabelSetSchema.parse({ name, roles: inputs, fallback });
}

/** Reads a label-set file (format by content: JSON when it starts with `[` or `{`, else one role per line). */
export async function readLabelSetFile(file: string): Promise<LabelSet> {
  try {
    if (!(await stat(file)).isFile()) throw new DataError('FILE_NOT_FOUND', 'not a regular file', { file });
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('FILE_NOT_FOUND', 'label-set file not found or not readable', { file }, { cause: error });
  }
  let text = await readFile(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new DataError('EMPTY_FILE', 'label-set file is empty', { file });
  return /^\s*[[{]/.test(text) ? fromJson(text, file) : fromText(text, file);
}
