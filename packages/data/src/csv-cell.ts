/**
 * One CSV cell as written by every jobskill CSV output: quoted when it holds a delimiter, quote or newline, and
 * neutralized when it would start a spreadsheet formula (OWASP "CSV injection": a leading =, +, -, @, tab or CR is
 * prefixed with a single quote). Plain numbers ("-0.25") are data and stay as they are.
 */
export function csvCell(value: string, delimiter = ','): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v) && !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v)) v = `'${v}`;
  return v.includes(delimiter) || /["\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
