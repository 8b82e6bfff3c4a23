// Computes every word piece's best skills once (all cores) and saves them where openDefaultExtractionEngine looks,
// so no text pays for the first sight of a piece. Re-run after the encoder or the skill index changes.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@jobskill/data';
import { defaultIndexDir, escoSkillCorpus, SkillIndex } from '@jobskill/retrieval';
import { createEncoderByName } from '@jobskill/encoders';
import { openDefaultExtractionEngine } from '../src/index.ts';
import { pieceListsFile } from '../src/internal.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR ?? join(import.meta.dirname, '../../../../shared/data');
const encoder = await createEncoderByName('embedded');
const index = await SkillIndex.open(defaultIndexDir(), { corpus: await escoSkillCorpus(dataDir), encoder, mode: 'view' });
const engine = await openDefaultExtractionEngine({ dataDir, shared: { encoder, index } });
const scorer = engine.denseScorer;
if (scorer === null || !scorer.hasTokenTable) throw new Error('the served encoder is not a static embedding model: nothing to prepare');
const started = performance.now();
scorer.precomputeAllPieces((done, total) => process.stderr.write(`\r${done}/${total} pieces`));
const file = pieceListsFile(encoder, index, scorer.options.perPiece);
mkdirSync(dirname(file), { recursive: true });
const bytes = scorer.serializePieceLists();
await writeFileAtomic(file, bytes);
console.log(`\n${scorer.knownPieces} pieces in ${((performance.now() - started) / 1000).toFixed(1)} s → ${file} (${(bytes.byteLength / 1e6).toFixed(1)} MB)`);
await encoder.dispose();
