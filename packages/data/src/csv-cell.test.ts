import { describe, expect, it } from 'vitest';
import { csvCell } from './csv-cell.ts';

describe('csvCell', () => {
  it('neutralizes formula-leading cells (OWASP CSV injection) and keeps numbers as numbers', () => {
    expect(csvCell('=cmd|\' /C calc\'!A0')).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('+1+2')).toBe("'+1+2");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('-0.25')).toBe('-0.25');
    expect(csvCell('1e-5')).toBe('1e-5');
    expect(csvCell('data scientist')).toBe('data scientist');
  });
  it('quotes delimiters, quotes and newlines', () => {
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=a,b')).toBe('"\'=a,b"');
    expect(csvCell('a\tb', '\t')).toBe('"a\tb"');
  });
});
