// `trained` labeler fit speed next to scikit-learn's LBFGS on the same features (Debian's python3-sklearn;
// `apt install python3-sklearn`). Bench only, not CI: the features of the reference protocol's training labels
// (rules-reference labels of resumes/resumes.parquet), one fit without calibration folds, median of 3.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadResumes } from '@jobskill/data';
import { inputFromResume, textOf } from '../src/inputs.ts';
import { resolveLabelSet } from '../src/label-sets.ts';
import { createRulesReferenceLabeler } from '../src/labelers/rules-reference.ts';
import { keywordGroupsOf } from '../src/labelers/trained.ts';
import { balancedSampleWeights, fitSoftmaxRegression, type SoftmaxProblem } from '../src/trained/softmax-regression.ts';
import { fitTfidf, TfidfVectorizer } from '../src/trained/tfidf.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR ?? join(import.meta.dirname, '../../../../shared/data');
const { records } = await loadResumes(join(dataDir, 'resumes', 'resumes.parquet'));
const inputs = records.filter((r) => r.hasSkills).map((r) => inputFromResume(r));
const truth = (await createRulesReferenceLabeler().label(inputs)).map((r) => r.role!);
const labelSet = resolveLabelSet(undefined);
const labels = labelSet.roles.map((r) => r.label);
const texts = inputs.map(textOf);
const vectorizer = new TfidfVectorizer(fitTfidf(texts, { keywordGroups: keywordGroupsOf(labelSet) }));
const rows = texts.map((t) => vectorizer.transform(t));
const targets = Int32Array.from(truth, (l) => labels.indexOf(l));
const l2 = 1e-3;
const maxIterations = 300;
const problem: SoftmaxProblem = { rows, targets, sampleWeights: balancedSampleWeights(targets, labels.length), classes: labels.length, dimensions: vectorizer.dimensions, l2 };

const times: number[] = [];
let fit: ReturnType<typeof fitSoftmaxRegression> | undefined;
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  fit = fitSoftmaxRegression(problem, { maxIterations });
  times.push((performance.now() - started) / 1000);
}
const ours = times.sort((a, b) => a - b)[1]!;
const present = new Set(truth).size;
console.log(`rows ${rows.length}, features ${vectorizer.dimensions}, labels ${labels.length} (${present} occur)`);
console.log(`jobskill fitSoftmaxRegression: ${ours.toFixed(2)} s, ${fit!.iterations} iterations, loss ${fit!.loss.toFixed(6)}`);

const file = join(tmpdir(), `jobskill-fit-problem-${process.pid}.json`);
const indptr = [0];
const indices: number[] = [];
const values: number[] = [];
for (const r of rows) {
  indices.push(...r.indices);
  values.push(...r.values);
  indptr.push(indices.length);
}
writeFileSync(file, JSON.stringify({ indptr, indices, values, targets: [...targets], weights: [...problem.sampleWeights], dimensions: vectorizer.dimensions, l2, maxIterations }));
// Debian's interpreter, where python3-sklearn lives (a pyenv `python3` on PATH would not see it); PYTHON overrides.
const python = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
try {
  const out = JSON.parse(execFileSync(python, [join(import.meta.dirname, 'fit-vs-sklearn.py'), file], { encoding: 'utf8' })) as { seconds: number; iterations: number; classes: number };
  console.log(`scikit-learn LogisticRegression(lbfgs): ${out.seconds.toFixed(2)} s, ${out.iterations} iterations, ${out.classes} classes`);
  console.log(`ratio jobskill / scikit-learn: ${(ours / out.seconds).toFixed(2)}× (goal ≤ 1.5×)`);
} catch (error) {
  console.log(`scikit-learn not run (${(error as Error).message.split('\n')[0]}); install Debian's python3-sklearn`);
}
