/**
 * Strict parser for Python list literals of strings, as written by `str(list_of_str)`:
 * `['a', "b's", 'c\\'d']`. Python's repr double-quotes items that contain an apostrophe, so
 * JSON.parse cannot read these. Anything else (numbers, nesting, unterminated strings) is rejected.
 */
export class ListLiteralError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ListLiteralError';
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

export function parsePythonStringList(text: string): string[] {
  let pos = 0;
  const fail = (message: string): never => {
    throw new ListLiteralError(`${message} at character ${pos + 1} of ${JSON.stringify(clip(text))}`, pos);
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };

  skipSpace();
  if (text[pos] !== '[') fail("expected '['");
  pos++;
  const items: string[] = [];
  skipSpace();
  if (text[pos] === ']') {
    pos++;
  } else {
    for (;;) {
      skipSpace();
      items.push(readString());
      skipSpace();
      const ch = text[pos];
      if (ch === ',') {
        pos++;
        skipSpace();
        // Python allows a trailing comma: ['a', 'b',]
        if (text[pos] === ']') {
          pos++;
          break;
        }
        continue;
      }
      if (ch === ']') {
        pos++;
        break;
      }
      fail(ch === undefined ? "unterminated list, expected ',' or ']'" : "expected ',' or ']'");
    }
  }
  skipSpace();
  if (pos < text.length) fail('unexpected text after the list');
  return items;

  function readString(): string {
    const quote = text[pos];
    if (quote !== "'" && quote !== '"') {
      return fail(quote === undefined ? 'unterminated list, expected a string' : 'expected a quoted string');
    }
    const start = pos;
    pos++;
    let out = '';
    for (;;) {
      const ch = text[pos];
      if (ch === undefined) {
        pos = start;
        return fail('unterminated string');
      }
      if (ch === quote) {
        pos++;
        return out;
      }
      if (ch === '\n') return fail('line break inside a string');
      if (ch === '\\') {
        const next = text[pos + 1];
        if (next === undefined) {
          pos = start;
          return fail('unterminated string');
        }
        if (next in SIMPLE_ESCAPES) {
          out += SIMPLE_ESCAPES[next];
          pos += 2;
          continue;
        }
        const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
        if (hexLength > 0) {
          const hex = text.slice(pos + 2, pos + 2 + hexLength);
          if (hex.length !== hexLength || !/^[0-9a-fA-F]+$/.test(hex)) return fail(`bad \\${next} escape`);
          const codePoint = Number.parseInt(hex, 16);
          if (codePoint > 0x10ffff) return fail(`bad \\${next} escape`);
          out += String.fromCodePoint(codePoint);
          pos += 2 + hexLength;
          continue;
        }
        // Python keeps unknown escapes verbatim ("\d" stays backslash + d).
        out += ch + next;
        pos += 2;
        continue;
      }
      out += ch;
      pos++;
    }
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
