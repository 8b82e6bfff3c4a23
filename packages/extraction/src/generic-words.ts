/**
 * Single-word ESCO alt/hidden labels too generic to stand for a skill on their own in a job ad; a preferred
 * label is never dropped. Chosen by reading the lexical false positives on the dev half (README).
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set<string>([]);
