/** CSV and TSV text → rows of cells (RFC 4180 quoting: `"a,b"`, `""` for a quote). */
export function parseDelimited(text: string, delimiter: "," | "\t"): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let sawContent = false;
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
      continue;
    }
    if (char === '"' && cell === "") {
      quoted = true;
      sawContent = true;
    } else if (char === delimiter) {
      row.push(cell);
      cell = "";
      sawContent = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && body[i + 1] === "\n") i++;
      if (sawContent || cell !== "") rows.push([...row, cell]);
      row = [];
      cell = "";
      sawContent = false;
    } else {
      cell += char;
      sawContent = true;
    }
  }
  if (quoted) throw new Error("a quoted cell is not closed");
  if (sawContent || cell !== "") rows.push([...row, cell]);
  return rows;
}

/** A cell as a value: numbers and true/false become themselves, an empty cell null, the rest stays text. */
export function coerceCell(cell: string): unknown {
  const text = cell.trim();
  if (text === "") return null;
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^[-+]?(inf|infinity)$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  return cell;
}

/** The delimiter a data file's extension implies, or undefined for non-tabular files. */
export function delimiterOf(path: string): "," | "\t" | undefined {
  const lower = path.toLowerCase();
  return lower.endsWith(".csv") ? "," : lower.endsWith(".tsv") ? "\t" : undefined;
}
