import { describe, expect, it } from 'vitest';
import { JOB_TITLE_ABBREVIATIONS, normalizeJobTitle } from './title-normalizer.ts';

describe('normalizeJobTitle', () => {
  it('spells out job-ad abbreviations word by word, whatever their case or trailing dot', () => {
    expect(normalizeJobTitle('senior sw engineer')).toBe('senior software engineer');
    expect(normalizeJobTitle('Sr. SW Eng')).toBe('senior software engineer');
    expect(normalizeJobTitle('HR Mgr')).toBe('human resources manager');
    expect(normalizeJobTitle('R&D Eng')).toBe('research and development engineer');
    expect(normalizeJobTitle('VP of Sales & Marketing')).toBe('vice president of Sales and Marketing');
    expect(normalizeJobTitle('RN, ICU')).toBe('registered nurse ICU');
  });

  it('drops gender tags and stray separators, keeps everything else as written', () => {
    expect(normalizeJobTitle('Data Scientist (m/f/d)')).toBe('Data Scientist');
    expect(normalizeJobTitle('Koch m/w/d - Berlin')).toBe('Koch Berlin');
    expect(normalizeJobTitle('data scientist (all genders)')).toBe('data scientist');
    expect(normalizeJobTitle('Waiter/Waitress')).toBe('Waiter/Waitress');
    expect(normalizeJobTitle('web developer')).toBe('web developer');
  });

  it('leaves ambiguous words alone and never returns an empty title', () => {
    for (const word of ['it', 'pm', 'tech', 'lead']) expect(Object.hasOwn(JOB_TITLE_ABBREVIATIONS, word)).toBe(false);
    expect(normalizeJobTitle('IT support')).toBe('IT support');
    expect(normalizeJobTitle('(m/f/d)')).toBe('(m/f/d)');
    expect(normalizeJobTitle(' - ')).toBe('-');
  });
});
