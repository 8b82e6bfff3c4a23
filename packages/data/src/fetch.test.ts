import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSources, listDataSources } from './fetch.ts';
import { loadResumes } from './resumes.ts';
import type { DataSourceDefinition } from './sources.ts';
import { realDataDir, scratchDir } from './__fixtures__/paths.ts';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const text = (s: string) => new TextEncoder().encode(s);

/** Path → body served by the local server; anything else is a 404. Requests are logged. */
const routes = new Map<string, Uint8Array>();
const requested: string[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const body = routes.get(req.url ?? '');
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

function referenceParquet(
  columns = ['Unnamed: 0.1', 'Unnamed: 0', 'resume', 'name', 'contact', 'skills', 'companies', 'total_years'],
) {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: columns.map((name) =>
        name.startsWith('Unnamed')
          ? { name, data: [0n, 1n], type: 'INT64' as const }
          : {
              name,
              data: name === 'skills' ? ['Java, SQL', null] : [`${name} a`, `${name} b`],
              type: 'STRING' as const,
            },
      ),
    }),
  );
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describe('fetchSources against a local HTTP server on 127.0.0.1', () => {
  it('downloads, verifies and then skips a file with a known sha256; keeps a locally changed file unless forced', async () => {
    const scratch = await scratchDir();
    try {
      const body = text('q_id\tjobtitle\nq1\tnurse\n');
      routes.set('/mirror/queries', body);
      const source: DataSourceDefinition = {
        id: 'custom',
        title: 'custom',
        notes: '',
        downloads: [
          {
            url: 'https://example.invalid/mirror/queries',
            kind: 'file',
            outputs: [{ path: 'x/queries', sha256: sha256(body) }],
          },
        ],
      };
      const [first] = await fetchSources({ dataDir: scratch.dir, sources: [source], baseUrl });
      expect(first).toMatchObject({ status: 'downloaded', urls: [`${baseUrl}/mirror/queries`] });
      expect(first?.files).toEqual([
        { path: 'x/queries', bytes: body.length, sha256: sha256(body), verifiedBy: 'sha256' },
      ]);
      expect(await readFile(join(scratch.dir, 'x/queries'), 'utf8')).toBe('q_id\tjobtitle\nq1\tnurse\n');

      const before = requested.length;
      const [second] = await fetchSources({ dataDir: scratch.dir, sources: [source], baseUrl });
      expect(second).toMatchObject({ status: 'skipped', reason: 'already present, sha256 verified' });
      expect(requested.length).toBe(before);

      await writeFile(join(scratch.dir, 'x/queries'), 'edited');
      const [third] = await fetchSources({ dataDir: scratch.dir, sources: [source], baseUrl });
      expect(third?.status).toBe('skipped');
      expect(third?.reason).toContain('different from the upstream file');
      expect(await readFile(join(scratch.dir, 'x/queries'), 'utf8')).toBe('edited');

      const [forced] = await fetchSources({ dataDir: scratch.dir, sources: [source], baseUrl, force: true });
      expect(forced?.status).toBe('downloaded');
      expect(await readFile(join(scratch.dir, 'x/queries'), 'utf8')).toBe('q_id\tjobtitle\nq1\tnurse\n');
      expect((await readdir(join(scratch.dir, 'x'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } finally {
      await scratch.cleanup();
    }
  });

  it('built-in resumes source: installs a parquet in the reference schema, rejects one that is not', async () => {
    const resumesPath = pathOf(listDataSources().find((s) => s.id === 'resumes')!.downloads[0]!.url);
    const scratch = await scratchDir();
    try {
      routes.set(resumesPath, referenceParquet());
      const [ok] = await fetchSources({ dataDir: scratch.dir, sources: ['resumes'], baseUrl });
      expect(ok).toMatchObject({
        status: 'downloaded',
        files: [expect.objectContaining({ path: 'resumes/resumes.parquet', verifiedBy: 'structure' })],
      });
      const { records } = await loadResumes(join(scratch.dir, 'resumes/resumes.parquet'));
      expect(records.map((r) => r.hasSkills)).toEqual([true, false]);

      const other = await scratchDir();
      try {
        routes.set(resumesPath, referenceParquet(['resume', 'skills']));
        const [bad] = await fetchSources({ dataDir: other.dir, sources: ['resumes'], baseUrl });
        expect(bad?.status).toBe('failed');
        expect(bad?.reason).toContain('lacks reference column "Unnamed: 0.1"');
        expect(await readdir(join(other.dir, 'resumes'))).toEqual([]);
      } finally {
        await other.cleanup();
      }
    } finally {
      routes.delete(resumesPath);
      await scratch.cleanup();
    }
  });

  it('built-in ESCO source: a download with the wrong MD5 fails and writes nothing', async () => {
    const esco = listDataSources().find((s) => s.id === 'esco-v1.1.1')!;
    expect(esco.manual).toContain('esco.ec.europa.eu');
    const scratch = await scratchDir();
    try {
      for (const download of esco.downloads) {
        routes.set(
          pathOf(download.url),
          zipSync({ 'skills_en.csv': text('conceptUri\nx\n'), 'occupationSkillRelations.csv': text('a\n') }),
        );
      }
      const [report] = await fetchSources({ dataDir: scratch.dir, sources: ['esco-v1.1.1'], baseUrl });
      expect(report?.status).toBe('failed');
      expect(report?.reason).toMatch(/md5 of the download is [0-9a-f]{32}, expected bb2f89a9efae25d2216748c86d1cb413/);
      expect(existsSync(join(scratch.dir, 'esco_v1.1.1'))).toBe(false);
    } finally {
      for (const download of esco.downloads) routes.delete(pathOf(download.url));
      await scratch.cleanup();
    }
  });

  it('built-in TalentCLEF source: a 404 fails with the status; the real (half) validation files fail their upstream sha256', async () => {
    const scratch = await scratchDir();
    try {
      const [missing] = await fetchSources({ dataDir: scratch.dir, sources: ['talentclef2025-taskb'], baseUrl });
      expect(missing).toMatchObject({
        status: 'failed',
        urls: [`${baseUrl}/records/14002665/files/TaskB.zip?download=1`],
      });
      expect(missing?.reason).toContain('HTTP 404');

      const validation = join(realDataDir, 'talentclef2025_taskB', 'validation');
      const zip = zipSync({
        TaskB: {
          validation: {
            queries: await readFile(join(validation, 'queries')),
            corpus_elements: await readFile(join(validation, 'corpus_elements')),
            'qrels.tsv': await readFile(join(validation, 'qrels.tsv')),
          },
          training: {
            'jobid2terms.json': await readFile(
              join(realDataDir, 'talentclef2025_taskB', 'training', 'jobid2terms.json'),
            ),
          },
        },
      });
      routes.set('/records/14002665/files/TaskB.zip?download=1', zip);
      const [half] = await fetchSources({ dataDir: scratch.dir, sources: ['talentclef2025-taskb'], baseUrl });
      expect(half?.status).toBe('failed');
      // Only the odd-numbered half of the queries is kept here, so it cannot match the full upstream file.
      expect(half?.reason).toContain('talentclef2025_taskB/validation/queries');
      expect(half?.reason).toContain('expected 4d9c8bfec74b2fc3b91815cff1c48af085b1c2c87f6d75b3402249147d0082e8');
      expect(existsSync(join(scratch.dir, 'talentclef2025_taskB'))).toBe(false);
    } finally {
      routes.delete('/records/14002665/files/TaskB.zip?download=1');
      await scratch.cleanup();
    }
  });

  it('extracts a zip: named members verified, the rest under extractAllTo, top folder stripped; refuses zip-slip', async () => {
    const scratch = await scratchDir();
    try {
      const queries = text('q_id\tjobtitle\nq1\tnurse\n');
      routes.set(
        '/z/ok.zip',
        zipSync({ TaskB: { validation: { queries, q_rels: text('q1 0 c1 1\n') }, 'README.txt': text('hi') } }),
      );
      const source: DataSourceDefinition = {
        id: 'zip',
        title: 'zip',
        notes: '',
        downloads: [
          {
            url: 'https://example.invalid/z/ok.zip',
            kind: 'zip',
            extractAllTo: 'tc',
            outputs: [{ path: 'tc/validation/queries', member: 'validation/queries', sha256: sha256(queries) }],
          },
        ],
      };
      const [report] = await fetchSources({ dataDir: scratch.dir, sources: [source], baseUrl });
      expect(report?.status).toBe('downloaded');
      expect(report?.files.map((f) => [f.path, f.verifiedBy]).sort()).toEqual([
        ['tc/README.txt', 'none'],
        ['tc/validation/q_rels', 'none'],
        ['tc/validation/queries', 'sha256'],
      ]);

      routes.set('/z/slip.zip', zipSync({ '../evil.txt': text('x'), 'a/ok.txt': text('y') }));
      const slip: DataSourceDefinition = {
        id: 'slip',
        title: 'slip',
        notes: '',
        downloads: [{ url: 'https://example.invalid/z/slip.zip', kind: 'zip', extractAllTo: 'in', outputs: [] }],
      };
      const other = await scratchDir();
      try {
        const [refused] = await fetchSources({ dataDir: join(other.dir, 'data'), sources: [slip], baseUrl });
        expect(refused?.status).toBe('failed');
        expect(refused?.reason).toContain('refusing archive member outside the extraction folder: ../evil.txt');
        expect(existsSync(join(other.dir, 'data'))).toBe(false);
        expect(existsSync(join(other.dir, 'evil.txt'))).toBe(false);
      } finally {
        await other.cleanup();
      }
    } finally {
      await scratch.cleanup();
    }
  });

  it('reports a network error per source and carries on with the next one', async () => {
    const scratch = await scratchDir();
    try {
      routes.set('/ok/file', text('fine'));
      const make = (id: string, path: string): DataSourceDefinition => ({
        id,
        title: id,
        notes: '',
        downloads: [{ url: `https://example.invalid${path}`, kind: 'file', outputs: [{ path: `${id}.txt` }] }],
      });
      const reports = await fetchSources({
        dataDir: scratch.dir,
        sources: [make('down', '/down/file'), make('up', '/ok/file')],
        baseUrl,
        fetchImpl: async (input, init) => {
          if (String(input).includes('/down/')) throw new TypeError('fetch failed: ECONNREFUSED');
          return fetch(input, init);
        },
      });
      expect(reports.map((r) => [r.source, r.status])).toEqual([
        ['down', 'failed'],
        ['up', 'downloaded'],
      ]);
      expect(reports[0]?.reason).toContain('ECONNREFUSED');
      expect(await readFile(join(scratch.dir, 'up.txt'), 'utf8')).toBe('fine');
    } finally {
      await scratch.cleanup();
    }
  });
});

describe('fetchSources on the real data directory (no network: every source is already present)', () => {
  it('verifies the ESCO CSVs against their published sha256 and keeps the half validation split', async () => {
    const noNetwork = async (): Promise<Response> => {
      throw new Error('the network must not be used');
    };
    const reports = await fetchSources({ dataDir: realDataDir, fetchImpl: noNetwork });
    const byId = Object.fromEntries(reports.map((r) => [r.source, r]));
    expect(byId['esco-v1.1.1']).toMatchObject({ status: 'skipped', reason: 'already present, sha256 verified' });
    expect(byId['esco-v1.1.1']?.files.every((f) => f.verifiedBy === 'sha256')).toBe(true);
    expect(byId['talentclef2025-taskb']?.status).toBe('skipped');
    expect(byId['talentclef2025-taskb']?.reason).toContain('validation/queries');
    expect(byId['talentclef2025-taskb']?.reason).not.toContain('corpus_elements');
    expect(byId.resumes).toMatchObject({
      status: 'skipped',
      reason: 'already present (no published sha256 to compare)',
    });
  });
});
