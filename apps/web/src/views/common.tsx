import type { ComponentChildren } from 'preact';
import { barFraction } from '../logic.ts';
import type { Importance } from '../api-types.ts';

/** The message next to an input: an API error (role=alert, read out by screen readers) or a note. */
export function Message({ error, note, id }: { error?: string | null | undefined; note?: string | null | undefined; id?: string }) {
  if (error) return <p class="error" role="alert" id={id}>{error}</p>;
  if (note) return <p class="note" role="status" id={id}>{note}</p>;
  return null;
}

export function ScoreBar({ score, max, label }: { score: number; max: number; label?: string }) {
  const pct = Math.round(barFraction(score, max) * 100);
  return (
    <span class="bar" role="img" aria-label={`${label ?? 'score'} ${score.toFixed(3)}`}>
      <span class="bar-fill" style={{ width: `${pct}%` }} />
      <span class="bar-value">{score.toFixed(3)}</span>
    </span>
  );
}

export function ImportanceBadge({ importance }: { importance?: Importance | undefined }) {
  if (!importance) return null;
  return <span class={`badge badge-${importance}`}>{importance}</span>;
}

export function EscoLink({ uri, children }: { uri: string; children: ComponentChildren }) {
  return (
    <a href={uri} target="_blank" rel="noreferrer noopener" title={uri}>
      {children}
    </a>
  );
}

export function Busy({ busy }: { busy: boolean }) {
  return busy ? <span class="busy" role="status">working…</span> : null;
}
