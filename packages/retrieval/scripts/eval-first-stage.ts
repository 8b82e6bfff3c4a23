/**
 * The first-stage systems only (encoder exact, encoder + PRF) of an encoder folder on Task B directories: the quick
 * screening of encoder recipes (the full table is scripts/eval.ts).
 * Usage: scripts/eval-first-stage.ts --encoder DIR --taskb-dir DIR… [--markdown]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evalTaskB, formatTaskBTable, retrieverSystem } from '../src/index.ts';
import { createEncoder } from '@jobskill/encoders';

const { values } = parseArgs({
  options: { encoder: { type: 'string' }, 'taskb-dir': { type: 'string', multiple: true }, markdown: { type: 'boolean', default: false } },
});
if (values.encoder === undefined || values['taskb-dir'] === undefined) throw new Error('give --encoder DIR and --taskb-dir DIR');
const encoder = await createEncoder({ model: resolve(values.encoder), batchSize: 512 });
try {
  for (const dir of values['taskb-dir']) {
    const evaluation = await evalTaskB(resolve(dir), {
      systems: {
        'encoder-exact': retrieverSystem({ encoder, search: { firstStage: 'exact', expansion: false } }),
        'encoder+prf': retrieverSystem({ encoder, search: { firstStage: 'exact' } }),
      },
      runDir: null,
    });
    console.log(`${values.encoder} on ${dir}`);
    console.log(formatTaskBTable(evaluation, values.markdown ? 'markdown' : 'text'));
  }
} finally {
  await encoder.dispose();
}
