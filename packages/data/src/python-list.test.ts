import { describe, expect, it } from 'vitest';
import { ListLiteralError, parsePythonStringList } from './python-list.ts';

describe('parsePythonStringList', () => {
  it('reads single- and double-quoted items as Python repr writes them', () => {
    expect(parsePythonStringList(`['pricing plans', "customer's insight", 'x']`)).toEqual([
      'pricing plans',
      "customer's insight",
      'x',
    ]);
  });

  it('handles empty lists, whitespace, a trailing comma and escapes', () => {
    expect(parsePythonStringList('[]')).toEqual([]);
    expect(parsePythonStringList('  [ ]  ')).toEqual([]);
    expect(parsePythonStringList(`['a',]`)).toEqual(['a']);
    expect(
      parsePythonStringList(String.raw`['it\'s', "say \"hi\"", 'back\\slash', 'tab\tx', '\x41\u00e9', '\d']`),
    ).toEqual(["it's", 'say "hi"', 'back\\slash', 'tab\tx', 'Aé', '\\d']);
  });

  it.each([
    ['not a list', `'a', 'b'`, "expected '['"],
    ['unterminated string', `['a', 'b]`, 'unterminated string'],
    ['unterminated list', `['a', 'b'`, 'unterminated list'],
    ['missing comma', `['a' 'b']`, "expected ',' or ']'"],
    ['number item', `['a', 3]`, 'expected a quoted string'],
    ['nested list', `[['a']]`, 'expected a quoted string'],
    ['trailing text', `['a'] x`, 'unexpected text after the list'],
    ['bad hex escape', String.raw`['\xZZ']`, 'bad \\x escape'],
    ['JSON-style null', `[null]`, 'expected a quoted string'],
  ])('rejects %s', (_name, literal, message) => {
    expect(() => parsePythonStringList(literal)).toThrow(ListLiteralError);
    expect(() => parsePythonStringList(literal)).toThrow(message);
  });

  it('reports the position of the problem', () => {
    try {
      parsePythonStringList(`['ok', 'broken]`);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ListLiteralError);
      expect((error as ListLiteralError).position).toBe(7);
    }
  });
});
