import { describe, expect, it } from 'vitest';
import { parseSkills } from './skills.ts';

describe('parseSkills', () => {
  it('splits on commas, semicolons, newlines and bullets and strips experience notes', () => {
    expect(parseSkills('C (Less than 1 year), Java (3 years); SQL (1 year)\nDocker • Git · Helm ▪ K8s')).toEqual([
      'C',
      'Java',
      'SQL',
      'Docker',
      'Git',
      'Helm',
      'K8s',
    ]);
  });

  it('keeps separators inside parentheses', () => {
    expect(parseSkills('Selenium (IDE, WebDriver), Windows (XP; 7), Spring(Basics)')).toEqual([
      'Selenium (IDE, WebDriver)',
      'Windows (XP; 7)',
      'Spring(Basics)',
    ]);
  });

  it('treats an unmatched parenthesis as text so it cannot swallow the rest', () => {
    expect(parseSkills('Windows (XP, 7, Linux')).toEqual(['Windows (XP', '7', 'Linux']);
    expect(parseSkills('a), b')).toEqual(['a)', 'b']);
  });

  it('takes "-" and "*" as bullets only at the start of an item', () => {
    expect(parseSkills('- Git\n* Docker\n  -- Jira, Non - Technical Skills, C++, Hard-Working')).toEqual([
      'Git',
      'Docker',
      'Jira',
      'Non - Technical Skills',
      'C++',
      'Hard-Working',
    ]);
  });

  it('dedupes case-insensitively keeping the first spelling, and drops empty items', () => {
    expect(
      parseSkills('Python, PYTHON (2 years), python., , ;\n(Less than 1 year), .NET, Linux. (10+ years), linux'),
    ).toEqual(['Python', '.NET', 'Linux']);
  });

  it('returns [] for null, empty and separator-only input', () => {
    expect(parseSkills(null)).toEqual([]);
    expect(parseSkills(undefined)).toEqual([]);
    expect(parseSkills('  , ; • \n')).toEqual([]);
  });

  it('keeps parenthesised text that is not an experience note', () => {
    expect(parseSkills('Scripting (Preliminary), Testing (TDD) (2 years), Tools (6 months)')).toEqual([
      'Scripting (Preliminary)',
      'Testing (TDD)',
      'Tools',
    ]);
  });
});
