import { useEffect, useState } from 'preact/hooks';
import { callApi, errorMessage } from '../api.ts';
import { barChartLayout } from '../logic.ts';
import type { EvalReport, EvalTable } from '../api-types.ts';
import { Busy, Message } from './common.tsx';

const SERIES_COLOURS = Object.freeze(['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#65a30d', '#db2777']);

export function BarChart({ table }: { table: EvalTable }) {
  const layout = barChartLayout(table);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label={`Bar chart: ${table.title}, systems per metric`}>
        {layout.ticks.map((t) => (
          <g key={t.value}>
            <line x1={layout.plot.x} x2={layout.plot.x + layout.plot.width} y1={t.y} y2={t.y} class="grid" />
            <text x={layout.plot.x - 6} y={t.y + 4} text-anchor="end" class="tick">
              {t.value.toFixed(2)}
            </text>
          </g>
        ))}
        {layout.bars.map((b) => (
          <rect key={`${b.metric}-${b.system}`} x={b.x} y={b.y} width={Math.max(1, b.width - 1)} height={b.height} fill={SERIES_COLOURS[b.series % SERIES_COLOURS.length]}>
            <title>{`${b.system} · ${b.metric}: ${b.value.toFixed(4)}`}</title>
          </rect>
        ))}
        {layout.groups.map((g) => (
          <text
            key={g.metric}
            x={g.x + g.width / 2}
            y={layout.plot.y + layout.plot.height + 14}
            text-anchor="end"
            transform={`rotate(-30 ${g.x + g.width / 2} ${layout.plot.y + layout.plot.height + 14})`}
            class="axis-label"
          >
            {g.metric}
          </text>
        ))}
      </svg>
      <figcaption class="legend">
        {table.columns.map((c, i) => (
          <span key={c}>
            <span class="swatch" style={{ background: SERIES_COLOURS[i % SERIES_COLOURS.length] }} /> {c}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function MetricTableView({ table }: { table: EvalTable }) {
  // The best system per metric in bold: the comparison a researcher looks for first.
  const best = table.rows.map((r) => Math.max(...r.values.filter((v): v is number => typeof v === 'number')));
  return (
    <div class="table-scroll">
      <table class="metrics">
        <thead>
          <tr>
            <th scope="col">{table.rowHeader}</th>
            {table.columns.map((c) => (
              <th scope="col" class="num" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {r.values.map((v, j) => (
                <td key={j} class={`num${v === best[i] ? ' best' : ''}`}>
                  {typeof v === 'number' ? v.toFixed(4) : '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EvalView() {
  const [report, setReport] = useState<EvalReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await callApi<EvalReport>('GET', '/v1/eval/report'));
    } catch (e) {
      setReport(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  return (
    <div class="view">
      <h2>Evaluation</h2>
      <div class="controls">
        <button type="button" onClick={() => void load()} disabled={busy}>
          Reload report
        </button>
        <Busy busy={busy} />
      </div>
      <Message error={error} />
      {report && (
        <>
          <p class="muted">
            Report written {new Date(report.createdAt).toLocaleString()} by <code>{report.command}</code>.
          </p>
          {report.tables.map((t) => (
            <article key={t.title} class="eval-table">
              <h3>{t.title}</h3>
              {t.description && <p class="muted">{t.description}</p>}
              <BarChart table={t} />
              <MetricTableView table={t} />
            </article>
          ))}
        </>
      )}
    </div>
  );
}
