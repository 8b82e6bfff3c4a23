import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DataError, writeFileAtomic } from '@jobskill/data';
import { TRAINED_MODEL_FORMAT, TRAINED_MODEL_FORMAT_VERSION, TrainedManifestSchema, type TrainedModel } from './model.ts';

/**
 * On disk a trained labeler is one JSON file: the manifest (format + version, labels, feature config,
 * training-data hash, calibration, metrics), the fitted vocabularies and the parameters as base64
 * little-endian float64 (exact round trip, a third of the size of decimal text).
 */
const AnalyzerFileSchema = z.object({ terms: z.array(z.string()), idf: z.array(z.number()) });
const ModelFileSchema = z.object({
  manifest: TrainedManifestSchema,
  vocabulary: z.object({
    word: AnalyzerFileSchema,
    char: AnalyzerFileSchema,
    /** Section blocks' vocabularies (manifest.features.tfidf.sectionBlocks order); absent in models without them. */
    sections: z.array(z.object({ word: AnalyzerFileSchema, char: AnalyzerFileSchema })).optional(),
  }),
  params: z.object({ dtype: z.literal('float64'), length: z.number().int().positive(), base64: z.string() }),
});

function encodeParams(params: Float64Array): string {
  const bytes = Buffer.alloc(params.length * 8);
  params.forEach((v, i) => bytes.writeDoubleLE(v, i * 8));
  return bytes.toString('base64');
}

function decodeParams(base64: string, length: number, file: string): Float64Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== length * 8) {
    throw new DataError('TRUNCATED_FILE', `params hold ${bytes.length} bytes, expected ${length * 8}`, { file, field: 'params' });
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = bytes.readDoubleLE(i * 8);
    if (!Number.isFinite(out[i])) {
      throw new DataError('INVALID_VALUE', `parameter ${i} is ${out[i]} (a damaged model labels every row with no score); rebuild the model`, { file, field: 'params' });
    }
  }
  return out;
}

export function serializeTrainedModel(model: TrainedModel): string {
  return JSON.stringify({
    manifest: model.manifest,
    vocabulary: { word: model.tfidf.word, char: model.tfidf.char, ...(model.tfidf.sections ? { sections: model.tfidf.sections } : {}) },
    params: { dtype: 'float64', length: model.params.length, base64: encodeParams(model.params) },
  });
}

/** Writes the model atomically (temp file + rename). */
export async function saveTrainedModel(model: TrainedModel, file: string): Promise<void> {
  await writeFileAtomic(file, serializeTrainedModel(model));
}

/** Reads and validates a model file; a wrong format, version or a damaged file is a DataError naming the file. */
export async function loadTrainedModel(file: string): Promise<TrainedModel> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataError('FILE_NOT_FOUND', `cannot read trained labeler model: ${(error as Error).message}`, { file }, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError('BAD_JSON', `not a JSON model file (${(error as Error).message})`, { file }, { cause: error });
  }
  const head = json as { manifest?: { format?: unknown; formatVersion?: unknown } } | null;
  if (head?.manifest?.format !== TRAINED_MODEL_FORMAT) {
    throw new DataError('UNSUPPORTED_FORMAT', `not a ${TRAINED_MODEL_FORMAT} file`, { file, field: 'manifest.format' });
  }
  if (head.manifest.formatVersion !== TRAINED_MODEL_FORMAT_VERSION) {
    throw new DataError(
      'UNSUPPORTED_FORMAT',
      `format version ${String(head.manifest.formatVersion)} is not supported (this build reads version ${TRAINED_MODEL_FORMAT_VERSION})`,
      { file, field: 'manifest.formatVersion' },
    );
  }
  const parsed = ModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError('MALFORMED_ROW', issue.message, { file, field: issue.path.join('.') });
  }
  const { manifest, vocabulary, params } = parsed.data;
  const blocks = manifest.features.tfidf.sectionBlocks.length;
  if ((vocabulary.sections?.length ?? 0) !== blocks) {
    throw new DataError('MALFORMED_ROW', `${vocabulary.sections?.length ?? 0} section vocabularies for ${blocks} section blocks`, { file, field: 'vocabulary.sections' });
  }
  const expected = manifest.features.dimensions * manifest.labels.length + manifest.labels.length;
  if (params.length !== expected) {
    throw new DataError('INVALID_VALUE', `params length ${params.length} does not match ${manifest.labels.length} labels × ${manifest.features.dimensions} features (+ biases)`, { file, field: 'params.length' });
  }
  const model: TrainedModel = {
    manifest,
    tfidf: { config: manifest.features.tfidf, word: vocabulary.word, char: vocabulary.char, ...(vocabulary.sections ? { sections: vocabulary.sections } : {}) },
    params: decodeParams(params.base64, params.length, file),
  };
  return model;
}

