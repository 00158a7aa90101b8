import { defineCommand } from "citty";
import { type CacheUsageReport, type Usage, allPipelinesArgs, bold, cacheUsage, completes, dim, formatBytes, print, printJson, withProject } from "@pivot/core/internal";

function cell(usage: Usage | undefined): string {
  return usage ? `${String(usage.objects).padStart(8)}  ${formatBytes(usage.bytes).padStart(10)}` : "";
}

function renderUsage(report: CacheUsageReport): void {
  const label = (row: { name: string; dir?: string }) => (row.dir !== undefined && row.dir !== "." ? `${row.name} (${row.dir})` : row.name);
  const width = Math.max(12, ...report.rows.map((r) => label(r).length));
  const stores = `${"local cache".padStart(20)}${report.remote ? `  ${`remote '${report.remote.name}'`.padStart(20)}` : ""}`;
  print(bold(`${"".padEnd(width)}  ${stores}`));
  print(dim(`${"".padEnd(width)}  ${"objects       bytes".padStart(20)}${report.remote ? `  ${"objects       bytes".padStart(20)}` : ""}`));
  for (const row of [...report.rows, report.total]) {
    const line = `${label(row).padEnd(width)}  ${cell(row.local)}${row.remote ? `  ${cell(row.remote)}` : ""}`;
    print(row === report.total ? bold(line) : line);
  }
  print(dim("An object several pipelines share counts in each. `pivot gc --dry-run` lists what gc would remove."));
}

const sizeCommand = defineCommand({
  meta: { name: "size", description: "Objects and bytes in the cache (and on a remote), by pipeline" },
  args: {
    remote: { type: "string", alias: "r", valueHint: "NAME", description: "Also list this remote (a configured name or a URL / folder)", ...completes("remotes") },
    json: { type: "boolean", description: "Print a JSON report" },
    ...allPipelinesArgs,
  },
  async run({ args }) {
    await withProject({ all: Boolean(args.all), allowNoPipeline: true }, async (project) => {
      const report = await cacheUsage(project, args.remote !== undefined ? { remote: args.remote } : {});
      if (args.json) return printJson(report);
      renderUsage(report);
    });
  },
});

export const cacheCommand = defineCommand({
  meta: { name: "cache", description: "Inspect the cache: `pivot cache size`" },
  args: sizeCommand.args,
  default: "size",
  subCommands: { size: sizeCommand },
});
