import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '@jobskill/data';
import { createHashingEncoder } from '@jobskill/encoders';
import { createTrainedLabeler } from '../labelers/trained.ts';
import { loadTrainedModel, saveTrainedModel } from './model-file.ts';
import { TRAINED_MODEL_FORMAT_VERSION, TextClassifier, trainTextClassifier } from './model.ts';

const toy = [
  { text: 'python, pandas, machine learning', label: 'data' },
  { text: 'sql, statistics, python', label: 'data' },
  { text: 'tableau, statistics, excel', label: 'data' },
  { text: 'patient care, nursing, icu', label: 'care' },
  { text: 'nursing, first aid', label: 'care' },
  { text: 'elderly care, patient care', label: 'care' },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobskill-trained-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trained labeler: training, calibration, abstention, files', () => {
  it('learns a toy set, calibrates, and explains with word n-grams', async () => {
    const model = await trainTextClassifier(toy, { calibrationFolds: 3 });
    expect(model.manifest.labels).toEqual(['care', 'data']);
    expect(model.manifest.calibration.temperature).toBeGreaterThan(0);
    expect(model.manifest.training.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const [p] = await new TextClassifier(model).predict(['nursing and patient care']);
    expect(model.manifest.labels[p!.best]).toBe('care');
    expect(p!.evidence).toContain('nursing');
    expect([...p!.probabilities].reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('refuses a model file with non-finite parameters, naming the file and field', async () => {
    const model = await trainTextClassifier(toy, { calibrationFolds: 0 });
    const file = join(dir, 'nan-model.json');
    await saveTrainedModel({ ...model, params: model.params.map((v, i) => (i === 3 ? Number.NaN : v)) }, file);
    const error = await loadTrainedModel(file).catch((e: unknown) => e);
    expect((error as DataError).code).toBe('INVALID_VALUE');
    expect((error as Error).message).toMatch(/nan-model\.json.*params.*parameter 3 is NaN/);
  });

  it('abstains below the threshold: fallback role, flagged', async () => {
    const model = await trainTextClassifier(toy, { calibrationFolds: 0, fallback: 'care', abstainThreshold: 0.99 });
    const labeler = await createTrainedLabeler({ model });
    const [r, none] = await labeler.label([{ text: 'python' }, { text: '' }]);
    expect(r).toMatchObject({ role: 'care', abstained: true, labeler: 'trained' });
    expect(none).toMatchObject({ role: 'care', noEvidence: true, score: 0 });
    const lenient = await createTrainedLabeler({ model, abstainThreshold: 0 });
    expect((await lenient.label([{ text: 'python' }]))[0]).toMatchObject({ role: 'data', noEvidence: false });
  });

  it('saves atomically and loads back to identical predictions', async () => {
    const model = await trainTextClassifier(toy, { calibrationFolds: 0, target: 'toy' });
    const file = join(dir, 'model.json');
    await saveTrainedModel(model, file);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const loaded = await loadTrainedModel(file);
    expect(loaded.manifest).toEqual(model.manifest);
    expect(loaded.params).toEqual(model.params);
    const a = await (await createTrainedLabeler({ model })).label([{ text: 'python and nursing' }]);
    const b = await (await createTrainedLabeler({ model: file })).label([{ text: 'python and nursing' }]);
    expect(b).toEqual(a);
  });

  it('a model with section blocks saves and loads back (vocabularies per block) to identical predictions', async () => {
    const resumes = [
      { text: 'DATA ANALYST\nSummary\nSQL, statistics, python', label: 'data' },
      { text: 'DATA SCIENTIST\nSummary\npython, pandas', label: 'data' },
      { text: 'STAFF NURSE\nSummary\npatient care, icu', label: 'care' },
      { text: 'CARE ASSISTANT\nSummary\nelderly care, first aid', label: 'care' },
    ];
    const model = await trainTextClassifier(resumes, { calibrationFolds: 0, tfidf: { sectionBlocks: [{ field: 'headline' }] } });
    expect(model.tfidf.sections).toHaveLength(1);
    const file = join(dir, 'sections.json');
    await saveTrainedModel(model, file);
    const loaded = await loadTrainedModel(file);
    expect(loaded.tfidf.sections).toEqual(model.tfidf.sections);
    const probe = ['NURSE\nSummary\npython', 'ANALYST\nSummary\ncare'];
    expect(await new TextClassifier(loaded).predict(probe)).toEqual(await new TextClassifier(model).predict(probe));
    // Evidence sums a term over the whole text and the section blocks: one entry per term.
    const [nurse] = await new TextClassifier(model).predict(['STAFF NURSE\nSummary\npatient care']);
    expect(model.manifest.labels[nurse!.best]).toBe('care');
    expect(nurse!.evidence).toContain('nurse');
    expect(new Set(nurse!.evidence).size).toBe(nurse!.evidence.length);
    // A file whose section vocabularies were lost is refused, naming the field.
    const json = JSON.parse(await readFile(file, 'utf8'));
    delete json.vocabulary.sections;
    await writeFile(file, JSON.stringify(json));
    await expect(loadTrainedModel(file)).rejects.toMatchObject({ file, field: 'vocabulary.sections' });
  });

  it('refuses damaged, foreign and future-version files with a DataError naming the file', async () => {
    const model = await trainTextClassifier(toy, { calibrationFolds: 0 });
    const good = JSON.parse(await readFile(await (async () => { const f = join(dir, 'm2.json'); await saveTrainedModel(model, f); return f; })(), 'utf8'));
    const cases: [string, string, RegExp][] = [
      ['broken.json', '{"manifest":', /not a JSON model file/],
      ['foreign.json', JSON.stringify({ hello: 1 }), /not a jobskill-trained-labeler file/],
      ['future.json', JSON.stringify({ ...good, manifest: { ...good.manifest, formatVersion: TRAINED_MODEL_FORMAT_VERSION + 1 } }), /format version 2 is not supported/],
      ['short.json', JSON.stringify({ ...good, params: { ...good.params, base64: good.params.base64.slice(0, 40) } }), /params hold/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      await writeFile(file, content);
      const error = await loadTrainedModel(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).file).toBe(file);
      expect((error as Error).message).toMatch(message);
    }
    await expect(loadTrainedModel(join(dir, 'missing.json'))).rejects.toThrow(/cannot read trained labeler model/);
  });

  it('encoder features: the model remembers its encoder and refuses another', async () => {
    const encoder = createHashingEncoder({ dimensions: 64 });
    const model = await trainTextClassifier(toy, { calibrationFolds: 0, encoder });
    expect(model.manifest.features.encoder).toEqual({ id: 'hashing-64', dimensions: 64, weight: 1 });
    const labeler = await createTrainedLabeler({ model, encoder });
    expect((await labeler.label([{ text: 'patient care' }]))[0]!.role).toBe('care');
    await expect(createTrainedLabeler({ model })).rejects.toThrow(/trained with encoder features from "hashing-64"/);
    await expect(createTrainedLabeler({ model, encoder: createHashingEncoder({ dimensions: 32 }) })).rejects.toThrow(/not "hashing-32"/);
  });

  it('refuses training sets it cannot learn from', async () => {
    await expect(trainTextClassifier([{ text: 'a', label: 'x' }])).rejects.toThrow(/at least 2 labeled examples/);
    await expect(trainTextClassifier([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }])).rejects.toThrow(/at least 2 distinct labels/);
    await expect(trainTextClassifier(toy, { labels: ['data'] })).rejects.toThrow(/not in the label list: care/);
  });
});
