// Tiny CSV helpers shared by the demo scripts (numbers and plain identifiers only).
export function readCsv(path: string): Promise<Record<string, string>[]> {
  return Bun.file(path).text().then((text) => {
    const [header, ...lines] = text.trim().split("\n");
    const columns = header!.split(",");
    return lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [columns[i]!, value])));
  });
}

export async function writeCsv(path: string, rows: Record<string, string | number>[]): Promise<void> {
  const columns = Object.keys(rows[0] ?? {});
  const body = rows.map((row) => columns.map((c) => row[c]).join(",")).join("\n");
  await Bun.write(path, `${columns.join(",")}\n${body}\n`);
}

export async function readParams(): Promise<Record<string, Record<string, number>>> {
  return Bun.YAML.parse(await Bun.file(new URL("../params.yaml", import.meta.url)).text()) as Record<string, Record<string, number>>;
}
