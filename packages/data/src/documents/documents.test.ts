import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors.ts';
import { parseResumeSections } from '../resume-sections.ts';
import { iterateDocuments, loadDocuments } from './folder.ts';
import { encryptedPdf, imageOnlyPdf, textPdf, writeBytes } from './pdf-fixtures.ts';
import { DocumentError, hasText, readDocument, readDocumentOrReason } from './read-document.ts';

const RESUME = [
  'SENIOR DATA ANALYST',
  'Summary',
  'Analyst with eight years of reporting experience.',
  'Skills',
  'SQL, Python, Tableau',
  'Experience',
  'Data Analyst , 03/2016 to Current',
  'Acme Corp – Springfield , IL',
  'Built weekly revenue dashboards.',
  '01/2012 to 02/2016',
  'Junior Analyst Company Name – Springfield , IL',
  'Cleaned sales data.',
  'Education',
  'B.Sc. Statistics, State University',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobskill-docs-'));
  await writeBytes(join(dir, 'set/ANALYST/a1.pdf'), await textPdf([RESUME.slice(0, 9), RESUME.slice(9)]));
  await writeBytes(join(dir, 'set/ANALYST/a2.txt'), 'DATA ANALYST\nSkills\nExcel\n');
  await writeBytes(join(dir, 'set/CHEF/c1.pdf'), await textPdf([['HEAD CHEF', 'Experience', 'Chef , 2010 to 2015', 'Bistro – Lyon']]));
  await writeBytes(join(dir, 'set/CHEF/scan.pdf'), await imageOnlyPdf());
  await writeBytes(join(dir, 'set/CHEF/locked.pdf'), encryptedPdf());
  await writeBytes(join(dir, 'set/CHEF/broken.pdf'), '%PDF-1.4\nthis is not really a pdf');
  await writeBytes(join(dir, 'set/CHEF/empty.pdf'), '');
  await writeBytes(join(dir, 'set/CHEF/photo.png'), 'x');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('readDocument', () => {
  it('reads a two-page PDF in reading order with its page count', async () => {
    const doc = await readDocument(join(dir, 'set/ANALYST/a1.pdf'));
    expect(doc.pages).toBe(2);
    expect(doc.format).toBe('pdf');
    const lines = doc.text.split('\n').filter((l) => l !== '');
    expect(lines).toEqual(RESUME);
  });

  it.each([
    ['scan.pdf', 'no-text-layer', 'NO_TEXT_LAYER'],
    ['locked.pdf', 'encrypted', 'ENCRYPTED_FILE'],
    ['broken.pdf', 'corrupt', 'CORRUPT_FILE'],
    ['empty.pdf', 'empty-file', 'EMPTY_FILE'],
    ['photo.png', 'unsupported-format', 'UNSUPPORTED_FORMAT'],
    ['missing.pdf', 'unreadable', 'FILE_NOT_FOUND'],
  ])('%s → typed error %s naming the file', async (name, reason, code) => {
    const file = join(dir, 'set/CHEF', name);
    const error = await readDocument(file).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DocumentError).noTextReason).toBe(reason);
    expect((error as DocumentError).code).toBe(code);
    expect((error as DocumentError).message).toContain(file);
    const record = await readDocumentOrReason(file);
    expect(hasText(record)).toBe(false);
  });

  it('reports the page count of an image-only PDF', async () => {
    const record = await readDocumentOrReason(join(dir, 'set/CHEF/scan.pdf'));
    expect(record.pages).toBe(1);
  });
});

describe('folder loading', () => {
  it('labels by folder and reports every file without text, none dropped', async () => {
    const progress: number[] = [];
    const { documents, summary } = await loadDocuments(join(dir, 'set'), { labelFrom: 'folder', onProgress: (p) => progress.push(p.done) });
    expect(documents.map((d) => [d.file.slice(dir.length + 5), d.label, hasText(d)])).toEqual([
      ['ANALYST/a1.pdf', 'ANALYST', true],
      ['ANALYST/a2.txt', 'ANALYST', true],
      ['CHEF/broken.pdf', 'CHEF', false],
      ['CHEF/c1.pdf', 'CHEF', true],
      ['CHEF/empty.pdf', 'CHEF', false],
      ['CHEF/locked.pdf', 'CHEF', false],
      ['CHEF/photo.png', 'CHEF', false],
      ['CHEF/scan.pdf', 'CHEF', false],
    ]);
    expect(summary).toMatchObject({ total: 8, withText: 3, noText: 5 });
    expect(summary.byReason).toEqual({ corrupt: 1, 'empty-file': 1, encrypted: 1, 'unsupported-format': 1, 'no-text-layer': 1 });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('streams a single file and rejects --label-from folder on a flat folder', async () => {
    const one: string[] = [];
    for await (const d of iterateDocuments(join(dir, 'set/CHEF/c1.pdf'))) one.push(d.text);
    expect(one[0]).toContain('HEAD CHEF');
    await expect(loadDocuments(join(dir, 'set/CHEF'), { labelFrom: 'folder' })).rejects.toThrow(/not in a label folder/);
    await expect(loadDocuments(join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describe('parseResumeSections on a PDF', () => {
  it('finds headline, sections and experience entries with offsets', async () => {
    const { text } = await readDocument(join(dir, 'set/ANALYST/a1.pdf'));
    const parsed = parseResumeSections(text);
    expect(parsed.headline).toBe('SENIOR DATA ANALYST');
    expect(parsed.sections.map((s) => s.kind)).toEqual(['headline', 'summary', 'skills', 'experience', 'education']);
    for (const s of parsed.sections) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(parsed.sections.find((s) => s.kind === 'skills')!.text).toContain('SQL, Python, Tableau');
    expect(parsed.experience.map(({ title, employer, dates }) => ({ title, employer, dates }))).toEqual([
      { title: 'Data Analyst', employer: 'Acme Corp', dates: '03/2016 to Current' },
      { title: 'Junior Analyst', employer: 'Company Name', dates: '01/2012 to 02/2016' },
    ]);
    for (const e of parsed.experience) expect(text.slice(e.start, e.end)).toContain(e.dates);
    expect(parsed.sections.find((s) => s.kind === 'education')!.text).toContain('State University');
  });

  it('has no headline when the text starts with a heading, and handles empty text', () => {
    expect(parseResumeSections('Skills\nWelding').headline).toBeNull();
    expect(parseResumeSections('')).toEqual({ headline: null, sections: [], experience: [] });
  });
});
