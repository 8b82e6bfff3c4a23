import jsonc from 'jsonc-parser';
import { DataError } from './errors.ts';

/**
 * JSON.parse with a DataError naming the line and column of a syntax error. Node 20's JSON.parse
 * messages carry no position, so the error is located with jsonc-parser (strict settings).
 */
export function parseJsonOrThrow(text: string, where: { file: string; line?: number; row?: number }): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const errors: jsonc.ParseError[] = [];
    jsonc.parse(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
    const first = errors[0];
    let line = where.line;
    let detail = (error as Error).message;
    if (first) {
      const before = text.slice(0, first.offset);
      const lineInText = before.split('\n').length;
      const column = first.offset - before.lastIndexOf('\n');
      line = (where.line ?? 1) + lineInText - 1;
      detail = `${jsonc.printParseErrorCode(first.error)} at line ${line}, column ${column}`;
    }
    throw new DataError(
      'BAD_JSON',
      `invalid JSON: ${detail}`,
      {
        file: where.file,
        ...(line !== undefined ? { line } : {}),
        ...(where.row !== undefined ? { row: where.row } : {}),
      },
      { cause: error },
    );
  }
}
