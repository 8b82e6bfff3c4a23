// Query encode cost of the embedded encoder: the direct static-table path vs the onnxruntime session path
// (one title per call, the serving pattern; query cache off). Usage: pnpm --filter @jobskill/encoders bench
import { performance } from 'node:perf_hooks';
import { createEncoder, requireDefaultEncoderDir } from '../src/index.ts';

const titles = ['data scientist', 'registered nurse', 'forklift operator', 'senior software engineer (java, spring)', 'welder', 'chef de partie', 'machine learning engineer', 'accountant'];
const rounds = 2000;
const dir = requireDefaultEncoderDir();

async function measure(direct: boolean): Promise<{ usPerQuery: number; loadMs: number }> {
  const t0 = performance.now();
  const encoder = await createEncoder({ model: dir, queryCacheSize: 0, direct });
  const loadMs = performance.now() - t0;
  try {
    for (let i = 0; i < 200; i++) await encoder.encode([titles[i % titles.length]!]); // warm-up
    const start = performance.now();
    for (let i = 0; i < rounds; i++) await encoder.encode([titles[i % titles.length]!]);
    return { usPerQuery: ((performance.now() - start) * 1000) / rounds, loadMs };
  } finally {
    await encoder.dispose();
  }
}

const session = await measure(false);
const direct = await measure(true);
console.log(`| path | µs / query (1 title per call) | load ms |`);
console.log(`|---|---|---|`);
console.log(`| onnxruntime session | ${session.usPerQuery.toFixed(1)} | ${session.loadMs.toFixed(0)} |`);
console.log(`| direct static table | ${direct.usPerQuery.toFixed(1)} | ${direct.loadMs.toFixed(0)} |`);
