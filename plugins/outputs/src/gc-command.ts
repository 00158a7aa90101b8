import { defineCommand } from "citty";
import { collectGarbage, findAllPipelineFiles, formatBytes, openDataProject, print, printJson, warn } from "@pivot/core";
import { plural } from "./format";

export const gcCommand = defineCommand({
  meta: { name: "gc", description: "Remove cache objects no lock or tracking file references" },
  args: {
    allPipelines: { type: "boolean", alias: ["a", "all"], description: "Keep the objects of every pipeline in the project, not only this one (also --all)" },
    dryRun: { type: "boolean", alias: "n", description: "Only report what would be removed" },
    json: { type: "boolean", description: "Print a JSON report" },
  },
  async run({ args }) {
    const all = Boolean(args.allPipelines);
    const project = await openDataProject({ all, strict: true });
    try {
      const others = all ? 0 : findAllPipelineFiles(project.root, project.registry.discoveryPlugins()).files.length - project.pipelines.length;
      if (others > 0) {
        warn(
          `${plural(others, "other pipeline")} in this project ${others === 1 ? "is" : "are"} not loaded: objects only ${others === 1 ? "it references" : "they reference"} count as unused`,
          "Use `pivot gc --all-pipelines` to keep the objects of every pipeline.",
        );
      }
      const report = await collectGarbage(project, { dryRun: Boolean(args.dryRun) });
      if (args.json) return printJson({ ...report, otherPipelines: others });
      const what = `${plural(report.removed, "object")}${report.temps > 0 ? ` and ${plural(report.temps, "stale temp file")}` : ""} (${formatBytes(report.removedBytes)})`;
      print(report.dryRun ? `Would remove ${what}; ${report.kept} referenced kept.` : `Removed ${what}; ${report.kept} referenced kept.`);
    } finally {
      project.close();
    }
  },
});
