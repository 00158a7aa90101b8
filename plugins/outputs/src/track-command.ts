import { defineCommand } from "citty";
import { PivotError, type TrackResult, bold, cyan, dim, formatBytes, green, print, printJson, trackPaths, withProject } from "@pivot/core/internal";
import { plural } from "./format";

function describe(result: TrackResult): string {
  const size = result.files !== undefined ? `${plural(result.files, "file")}, ${formatBytes(result.sizeBytes)}` : formatBytes(result.sizeBytes);
  switch (result.action) {
    case "tracked":
      return `${green("✔")} tracked ${bold(result.path)} → ${result.trackingFile} ${dim(`(${size})`)}`;
    case "updated":
      return `${green("✔")} updated ${bold(result.path)} → ${result.trackingFile} ${dim(`(${size}; was ${result.previous?.slice(0, 8)}…)`)}`;
    case "unchanged":
      return `${dim("·")} ${bold(result.path)} ${dim(`unchanged (${result.trackingFile})`)}`;
  }
}

export const trackCommand = defineCommand({
  meta: { name: "track", description: "Put data no stage produces under the cache, with a .pvt file for git" },
  args: {
    paths: { type: "positional", required: true, description: "Files or folders to track (run again to record changes)" },
    json: { type: "boolean", description: "Print a JSON report" },
  },
  async run({ args }) {
    if (args._.length === 0) throw new PivotError("USAGE", "Name at least one file or folder to track", { hint: "For example: pivot track data/raw.csv", exitCode: 2 });
    await withProject({ all: true, allowNoPipeline: true }, async (project) => {
      const results = await trackPaths(project, args._, process.cwd());
      if (args.json) return printJson(results);
      for (const result of results) print(describe(result));
      if (results.some((r) => r.action === "tracked")) {
        print(cyan("Commit the .pvt files to git and keep the data itself out of git (e.g. list it in .gitignore)."));
      }
    });
  },
});
