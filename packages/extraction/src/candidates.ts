import type { Token } from './normalize.ts';

/** A phrase of the text that may name or paraphrase a skill: a token range and its character range. */
export interface CandidatePhrase {
  firstToken: number;
  lastToken: number;
  start: number;
  end: number;
  kind: 'segment' | 'clause' | 'window';
}

export const STOPWORDS: ReadonlySet<string> = new Set(
  ('a an the and or of in on at to for with by from as is are be been being was were will would can could should may ' +
    'must shall do does did have has had you your we our us they their them he she his her it its this that these those ' +
    'i me my not no nor but if then than so such very also etc e.g ie i.e all any each every some more most other own ' +
    'who whom which what when where why how about into over under within without across per via up out able including ' +
    'include strong good excellent great proven solid demonstrated working work knowledge experience experienced skill ' +
    'ability year plus least well new use using used')
    .split(' '),
);

export const CandidateOptionsDefaults = Object.freeze({ maxWindow: 4, maxSegmentTokens: 40 });

/**
 * Candidates of one text: segments (lines / sentences), clauses (split at , ; : ( ) and "and"/"or"), and n-gram
 * windows of up to `maxWindow` tokens that neither start nor end with a stopword.
 */
export function candidatePhrases(text: string, tokens: Token[], options: { maxWindow?: number } = {}): CandidatePhrase[] {
  const maxWindow = options.maxWindow ?? CandidateOptionsDefaults.maxWindow;
  const out: CandidatePhrase[] = [];
  const seen = new Set<string>();
  const push = (first: number, last: number, kind: CandidatePhrase['kind']): void => {
    if (last <= first) return;
    const key = `${first}:${last}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ firstToken: first, lastToken: last, start: tokens[first]!.start, end: tokens[last - 1]!.end, kind });
  };
  // Boundaries between consecutive tokens, read from the original characters between them.
  let segmentStart = 0;
  let clauseStart = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const gap = i === 0 || i === tokens.length ? '\n' : text.slice(tokens[i - 1]!.end, tokens[i]!.start);
    const segmentBreak = i === tokens.length || /[\n.!?•·▪●]/.test(gap);
    const clauseBreak = segmentBreak || /[,;:()[\]|/]/.test(gap) || tokens[i]?.norm === 'and' || tokens[i]?.norm === 'or';
    if (i > 0 && clauseBreak) {
      push(clauseStart, i, 'clause');
      clauseStart = tokens[i]?.norm === 'and' || tokens[i]?.norm === 'or' ? i + 1 : i;
    }
    if (i > 0 && segmentBreak) {
      if (i - segmentStart <= CandidateOptionsDefaults.maxSegmentTokens) push(segmentStart, i, 'segment');
      segmentStart = i;
    }
  }
  for (let first = 0; first < tokens.length; first++) {
    if (STOPWORDS.has(tokens[first]!.norm)) continue;
    for (let n = 1; n <= maxWindow && first + n <= tokens.length; n++) {
      const last = first + n;
      if (n > 1) {
        const gap = text.slice(tokens[last - 2]!.end, tokens[last - 1]!.start);
        if (/[\n.!?;:,()•]/.test(gap)) break;
      }
      if (STOPWORDS.has(tokens[last - 1]!.norm)) continue;
      push(first, last, 'window');
    }
  }
  return out;
}
