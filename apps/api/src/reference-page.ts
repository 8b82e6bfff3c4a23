/**
 * A script-free API reference rendered on the server from the OpenAPI document: readable with curl, a text browser
 * or a headless crawler, with no wait for Swagger UI's JavaScript. One section per tag, one entry per operation.
 */
type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function refName(schema: unknown): string | null {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop()! : null;
}

function exampleOf(content: unknown, components: Json): unknown {
  const media = (content as Json | undefined)?.['application/json'] as Json | undefined;
  if (media === undefined) return undefined;
  if (media.example !== undefined) return media.example;
  const schema = media.schema as Json | undefined;
  const named = refName(schema);
  const resolved = named !== null ? ((components.schemas as Json | undefined)?.[named] as Json | undefined) : schema;
  if (resolved?.example !== undefined) return resolved.example;
  const examples = resolved?.examples;
  return Array.isArray(examples) && examples.length > 0 ? examples[0] : undefined;
}

export function renderApiReference(doc: Json): string {
  const info = (doc.info ?? {}) as { title?: string; description?: string; version?: string };
  const components = (doc.components ?? {}) as Json;
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op === undefined) continue;
      const tag = (Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : 'other') as string;
      const body = op.requestBody as Json | undefined;
      const bodyContent = body?.content as Json | undefined;
      const bodyTypes = bodyContent ? Object.keys(bodyContent) : [];
      const bodySchema = bodyContent ? refName((bodyContent['application/json'] as Json | undefined)?.schema) : null;
      const example = exampleOf(bodyContent, components);
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => {
        const types = Object.keys((r.content ?? {}) as Json);
        const schema = refName(((r.content as Json | undefined)?.[types[0] ?? ''] as Json | undefined)?.schema);
        return `<li><code>${escapeHtml(status)}</code> ${escapeHtml(String(r.description ?? ''))}${types.length > 0 ? ` — <code>${escapeHtml(types.join(', '))}</code>` : ''}${schema ? ` (${escapeHtml(schema)})` : ''}</li>`;
      });
      const id = typeof op.operationId === 'string' ? op.operationId : `${method}-${path}`;
      const entry = [
        `<section id="${escapeHtml(id)}">`,
        `<h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>`,
        `<p>${escapeHtml(String(op.summary ?? ''))} <small>operationId <code>${escapeHtml(id)}</code></small></p>`,
        bodyTypes.length > 0 ? `<p>Request body: <code>${escapeHtml(bodyTypes.join(', '))}</code>${bodySchema ? ` (${escapeHtml(bodySchema)})` : ''}</p>` : '',
        example !== undefined ? `<pre>${escapeHtml(JSON.stringify(example, null, 2))}</pre>` : '',
        `<ul>${responses.join('')}</ul>`,
        '</section>',
      ];
      byTag.set(tag, [...(byTag.get(tag) ?? []), entry.filter(Boolean).join('\n')]);
    }
  }
  const sections = [...byTag.entries()].map(([tag, entries]) => `<h2>${escapeHtml(tag)}</h2>\n${entries.join('\n')}`);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(info.title ?? 'API')} reference</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto}section{border-top:1px solid #ddd}</style>',
    '</head><body>',
    `<h1>${escapeHtml(info.title ?? 'API')} <small>${escapeHtml(info.version ?? '')}</small></h1>`,
    `<p>${escapeHtml(info.description ?? '')}</p>`,
    '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> · interactive: <a href="/docs">/docs</a></p>',
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}
