/// <reference lib="dom" />
/**
 * Regenerates docs/screenshots/*.png: each view of the web page in Debian's Chromium against the real API
 * (real retriever, labelers and ESCO titles; the eval view shows a fresh Task B eval of the toy directory).
 *
 *   pnpm screenshots            (builds apps/web first)
 *   node --conditions=@jobskill/source --import tsx apps/api/scripts/web-screenshots.ts [--out DIR]
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evalReport, writeEvalReport } from '@jobskill/eval';
import { runTaskBEval, taskBReportTables } from '@jobskill/retrieval';
import { resolveDataDir } from '@jobskill/data';
import { loadServices } from '../src/real-services.ts';
import { startServer } from '../src/server.ts';
import { SAMPLE_RESUME, chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../src/__fixtures__/browser.ts';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const { values } = parseArgs({ options: { out: { type: 'string' }, 'data-dir': { type: 'string' } } });
const out = resolve(values.out ?? join(repoRoot, 'docs', 'screenshots'));
const dataDir = resolveDataDir(values['data-dir']);
if (!chromiumAvailable()) throw new Error(`no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium`);

const work = await mkdtemp(join(tmpdir(), 'web-shots-'));
const evalReportPath = join(work, 'eval-report.json');
const { evaluations } = await runTaskBEval({ dataDir, dirs: ['talentclef2026_taskB_toy'], runDir: null });
await writeEvalReport(evalReportPath, evalReport('jobskill eval', taskBReportTables(evaluations)));
const server = await startServer({ port: 0, services: loadServices({ dataDir }), logLevel: 'silent', handleSignals: false, evalReportPath });
await server.loaded;
const browser = await launchChromium();
try {
  await mkdir(out, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const shot = async (name: string) => {
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(join(out, `${name}.png`));
  };

  await page.goto(`${server.url}/#skills`);
  await page.locator('input[name=title]').fill('data scientist');
  await page.locator('input[name=k]').fill('12');
  await page.locator('input[name=title]').press('Enter');
  await page.waitForSelector('table.skills tbody tr');
  await shot('skills');

  await page.goto(`${server.url}/#resume`);
  await page.locator('textarea[name=resume]').fill(SAMPLE_RESUME);
  await page.getByRole('button', { name: 'Analyze' }).click();
  await page.waitForSelector('#panel-resume .role');
  await page.waitForFunction(() => !document.querySelector('#panel-resume .busy'));
  await shot('resume');

  await page.goto(`${server.url}/#match`);
  await page.locator('textarea[name=match-resume]').fill(SAMPLE_RESUME);
  await page.locator('input[name=match-title]').fill('data engineer');
  await page.getByRole('button', { name: 'Match' }).click();
  await page.waitForFunction(() => document.querySelector('#panel-match .match-score, #panel-match [role=alert]') !== null);
  await shot('match');

  await page.goto(`${server.url}/#eval`);
  await page.waitForSelector('#panel-eval svg rect');
  await shot('eval');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/#skills`);
  await page.locator('input[name=title]').fill('registered nurse');
  await page.locator('input[name=k]').fill('8');
  await page.locator('input[name=title]').press('Enter');
  await page.waitForSelector('table.skills tbody tr');
  await shot('skills-phone');
} finally {
  await browser.close();
  await server.close();
  await rm(work, { recursive: true, force: true });
}
