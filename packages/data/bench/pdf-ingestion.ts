/**
 * PDF ingestion throughput on resumes_pdf_categories (1,253 PDFs, 24 label folders): PDFs/s, how many
 * yield text, failures by reason (each named). Goal: ≥ 20 PDFs/s and ≥ 99 % with text on a 2-core machine.
 * Run: pnpm --filter @jobskill/data bench   (BENCH_CONCURRENCY, default 4)
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasText, loadDocuments } from '../src/index.ts';
import { dataDirPath } from '@jobskill/data';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = dataDirPath();
const folder = resolve(dataDir, 'resumes_pdf_categories');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);

const t0 = performance.now();
const { documents, summary } = await loadDocuments(folder, { labelFrom: 'folder', concurrency });
const seconds = (performance.now() - t0) / 1000;
const rate = documents.length / seconds;
const share = summary.total ? summary.withText / summary.total : 0;
console.log(`${folder}: ${summary.total} files, ${summary.pages} pages, ${summary.withText} with text (${(100 * share).toFixed(1)} %), ${summary.noText} without`);
for (const d of documents) if (!hasText(d)) console.log(`  no text: ${d.file}: ${d.noText.reason} (${d.noText.message})`);
console.log(`failures by reason: ${JSON.stringify(summary.byReason)}`);
console.log(`${seconds.toFixed(1)} s, ${rate.toFixed(1)} PDFs/s (concurrency ${concurrency}) — goal ≥ 20 PDFs/s: ${rate >= 20 ? 'met' : 'MISSED'}; ≥ 99 % text: ${share >= 0.99 ? 'met' : 'MISSED'}`);
