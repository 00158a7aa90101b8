/**
 * A small RFC 4180 CSV reader and writer: quoted fields (with `""` escapes and line breaks),
 * CRLF or LF line ends, a header row, a configurable delimiter. Rows are objects keyed by header.
 */

export interface CsvOptions {
  /** Field separator, one character (default `,`; use `\t` for TSV). */
  delimiter?: string;
  /**
   * Turn fields that look like numbers (`-12`, `0.5`, `1e-3`; not `007` or `1,5`) into numbers.
   * Default true. With false every value is a string.
   */
  numbers?: boolean;
  /** Column order when writing (default: keys in first-seen order). */
  columns?: readonly string[];
}

export class CsvError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    // The name stays "Error": messages read "line 3: …", not "CsvError: line 3: …".
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function delimiterOf(options: CsvOptions): string {
  const delimiter = options.delimiter ?? ",";
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new Error(`CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
  }
  return delimiter;
}

/** Splits CSV text into records of fields, each with the line it starts on. Blank lines are skipped. */
export function parseCsvRecords(text: string, options: CsvOptions = {}): Array<{ line: number; fields: string[] }> {
  const delimiter = delimiterOf(options);
  const records: Array<{ line: number; fields: string[] }> = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] | undefined;
  let recordLine = 1;
  const isBreak = (c: string | undefined) => c === "\n" || c === "\r";
  const skipBreak = () => {
    i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
    line += 1;
  };
  while (i < n) {
    if (!fields) {
      if (isBreak(text[i])) {
        skipBreak();
        continue;
      }
      fields = [];
      recordLine = line;
    }
    let value = "";
    if (text[i] === '"') {
      const opened = line;
      i += 1;
      for (;;) {
        if (i >= n) throw new CsvError(opened, "unclosed quote");
        const c = text[i]!;
        if (c === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (c === '"') {
          i += 1;
          break;
        } else {
          if (c === "\n") line += 1;
          value += c;
          i += 1;
        }
      }
      const next = text[i];
      if (next !== undefined && next !== delimiter && !isBreak(next)) {
        throw new CsvError(line, `unexpected ${JSON.stringify(next)} after a closing quote (write "" for a quote inside a quoted field)`);
      }
    } else {
      let j = i;
      while (j < n && text[j] !== delimiter && !isBreak(text[j])) j += 1;
      value = text.slice(i, j);
      i = j;
    }
    fields.push(value);
    if (i >= n) break;
    if (text[i] === delimiter) {
      i += 1;
      if (i >= n) fields.push("");
      continue;
    }
    records.push({ line: recordLine, fields });
    fields = undefined;
    skipBreak();
  }
  if (fields) records.push({ line: recordLine, fields });
  return records;
}

function convert(value: string, numbers: boolean): string | number {
  return numbers && NUMBER.test(value) ? Number(value) : value;
}

/** Parses CSV with a header row into one object per record. */
export function parseCsv(text: string, options: CsvOptions = {}): Array<Record<string, string | number>> {
  const [header, ...records] = parseCsvRecords(text, options);
  if (!header) return [];
  const seen = new Set<string>();
  for (const name of header.fields) {
    if (seen.has(name)) throw new CsvError(header.line, `the header names column '${name}' twice`);
    seen.add(name);
  }
  const numbers = options.numbers ?? true;
  return records.map(({ line, fields }) => {
    if (fields.length !== header.fields.length) {
      throw new CsvError(line, `${fields.length} field${fields.length === 1 ? "" : "s"}, but the header has ${header.fields.length}`);
    }
    const row: Record<string, string | number> = {};
    header.fields.forEach((name, index) => {
      row[name] = convert(fields[index]!, numbers);
    });
    return row;
  });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function quoteCell(text: string, delimiter: string): string {
  const needsQuotes = text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim();
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes objects as CSV with a header row; values are stringified, objects as JSON. */
export function stringifyCsv(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, options: CsvOptions = {}): string {
  const delimiter = delimiterOf(options);
  const columns = options.columns ? [...options.columns] : [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (columns.length === 0) return "";
  const lines = [columns.map((c) => quoteCell(c, delimiter)).join(delimiter)];
  for (const row of rows) lines.push(columns.map((c) => quoteCell(cellText(row[c]), delimiter)).join(delimiter));
  return `${lines.join("\n")}\n`;
}
