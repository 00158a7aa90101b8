import { resolve } from "node:path";
import { defineCommand } from "citty";
import { allPipelinesArgs, completes, print, printJson, toProjectPath, withProject, stagesNamed, positionalsOf } from "@pivot/core/internal";
import { exportPipelines } from "./export-dvc";

export const exportCommand = defineCommand({
  meta: { name: "export", description: "Write an equivalent dvc.yaml (and params) for review in DVC tooling" },
  args: {
    stages: { type: "positional", required: false, description: "Stages to export; default: all", ...completes("stages") },
    output: { type: "string", alias: "o", valueHint: "FILE", description: "Where to write (default: dvc.yaml beside each pipeline file)", ...completes("files") },
    force: { type: "boolean", alias: "f", description: "Replace a dvc.yaml that pivot export did not write" },
    json: { type: "boolean", description: "Print what was written as JSON" },
    ...allPipelinesArgs,
  },
  async run({ args }) {
    await withProject({ all: args.all, strict: args.strict }, async (project) => {
      const results = exportPipelines(project, stagesNamed(project, positionalsOf(args)), {
        ...(args.output ? { output: resolve(args.output) } : {}),
        force: Boolean(args.force),
      });
      if (args.json) return printJson(results.map((r) => ({ ...r, file: toProjectPath(project.root, r.file) })));
      for (const result of results) {
        print(`Exported ${result.stages.length} stage${result.stages.length === 1 ? "" : "s"} to ${toProjectPath(project.root, result.file)}`);
        if (result.paramsAdded.length > 0) print(`  added inline params to params.yaml: ${result.paramsAdded.join(", ")}`);
      }
    });
  },
});
