/**
 * Job title suggestions from ESCO occupation titles (preferred and alternative labels): a prefix-first
 * lookup for search boxes. ~3k occupations × ~10 labels: a linear scan per keystroke is well under a millisecond.
 */
import { join } from 'node:path';
import { DataError } from './errors.ts';
import { findEscoFile, loadEscoOccupations, type EscoOccupation } from './esco.ts';

export interface OccupationTitleSuggestion {
  /** The title as ESCO writes it (a preferred or an alternative label). */
  label: string;
  uri: string;
  preferredLabel: string;
}

interface Entry extends OccupationTitleSuggestion {
  lower: string;
  preferred: boolean;
}

export interface OccupationTitles {
  readonly size: number;
  /** Up to `limit` titles containing `query` (case-insensitive): prefix matches first, then word starts, then inside words; one per occupation. */
  suggest(query: string, limit?: number): OccupationTitleSuggestion[];
}

export function occupationTitles(occupations: readonly EscoOccupation[]): OccupationTitles {
  const entries: Entry[] = [];
  for (const o of occupations) {
    const seen = new Set<string>();
    for (const [label, preferred] of [[o.preferredLabel, true] as const, ...o.altLabels.map((l) => [l, false] as const)]) {
      const lower = label.trim().toLowerCase();
      if (!lower || seen.has(lower)) continue;
      seen.add(lower);
      entries.push({ label: label.trim(), uri: o.uri, preferredLabel: o.preferredLabel, lower, preferred });
    }
  }
  return {
    size: entries.length,
    suggest(query, limit = 10) {
      const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
      if (!q) return [];
      const scored: { entry: Entry; rank: number }[] = [];
      for (const entry of entries) {
        const at = entry.lower.indexOf(q);
        if (at < 0) continue;
        const rank = at === 0 ? 0 : /[\s/(-]/.test(entry.lower[at - 1]!) ? 1 : 2;
        scored.push({ entry, rank });
      }
      scored.sort(
        (a, b) =>
          a.rank - b.rank ||
          Number(b.entry.preferred) - Number(a.entry.preferred) ||
          a.entry.label.length - b.entry.label.length ||
          a.entry.lower.localeCompare(b.entry.lower),
      );
      const out: OccupationTitleSuggestion[] = [];
      const used = new Set<string>();
      for (const { entry } of scored) {
        if (used.has(entry.uri)) continue;
        used.add(entry.uri);
        out.push({ label: entry.label, uri: entry.uri, preferredLabel: entry.preferredLabel });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}

/** The titles of `<dataDir>/esco_v1.1.1/occupations_en.csv` (or the given ESCO directory). */
export async function loadOccupationTitles(dataDir: string, escoDirName = 'esco_v1.1.1'): Promise<OccupationTitles> {
  const escoDir = join(dataDir, escoDirName);
  const file = findEscoFile(escoDir, 'occupations');
  if (file === undefined) throw new DataError('FILE_NOT_FOUND', 'no occupations_en.csv in the ESCO directory', { file: escoDir });
  return occupationTitles(await loadEscoOccupations(file));
}
