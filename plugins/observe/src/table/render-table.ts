/** Plain (aligned) and GitHub-markdown tables for `show` and `diff` output. */

export type TableFormat = "text" | "md";

function escapeMd(cell: string): string {
  return cell.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

/** Renders rows under a header; numeric-looking columns are not re-parsed, only aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], format: TableFormat): string {
  if (format === "md") {
    const line = (cells: readonly string[]) => `| ${cells.map(escapeMd).join(" | ")} |`;
    return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
