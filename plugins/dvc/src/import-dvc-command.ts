import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { defineCommand } from "citty";
import { completes, PivotError, print, printJson, requireProjectRoot, toProjectPath, warn, writeFileAtomic } from "@pivot/core/internal";
import { convertDvcYaml } from "./import-dvc";
import { migrateResults } from "./import-report";

export const importDvcCommand = defineCommand({
  meta: { name: "import-dvc", description: "Convert dvc.yaml (and dvc.lock) into pivot.yaml and lock files" },
  args: {
    input: { type: "string", alias: "i", valueHint: "FILE", description: "The dvc.yaml to convert (default ./dvc.yaml)", ...completes("files") },
    output: { type: "string", alias: "o", valueHint: "FILE", description: "The pivot.yaml to write (default: beside dvc.yaml)", ...completes("files") },
    force: { type: "boolean", alias: "f", description: "Replace an existing pivot.yaml" },
    "dry-run": { type: "boolean", description: "Print the pivot.yaml instead of writing anything" },
    json: { type: "boolean", description: "Print a JSON report" },
  },
  async run({ args }) {
    const root = requireProjectRoot();
    const input = resolve(args.input || "dvc.yaml");
    const output = resolve(args.output || join(dirname(input), "pivot.yaml"));
    const conversion = convertDvcYaml(root, input, output);
    if (args["dry-run"]) {
      print(conversion.text.trimEnd());
      for (const note of conversion.notes) warn(note);
      return;
    }
    for (const existing of [output, output.replace(/\.yaml$/, ".yml")]) {
      if (existsSync(existing) && !args.force) {
        throw new PivotError("FILE_EXISTS", `${toProjectPath(root, existing)} already exists; import-dvc will not overwrite it`, {
          hint: "Pass --force to replace it, --output <file> to write elsewhere, or --dry-run to see the result.",
        });
      }
    }
    writeFileAtomic(output, conversion.text);
    const report = await migrateResults(root, input, output, conversion);
    const written = toProjectPath(root, output);
    if (args.json) return printJson({ output: written, stages: conversion.stages, notes: conversion.notes, ...report });
    print(`Wrote ${written} with ${conversion.stages.length} stage${conversion.stages.length === 1 ? "" : "s"} from ${toProjectPath(root, input)}`);
    for (const note of conversion.notes) print(`  note: ${note}`);
    if (report.upToDate.length > 0) print(`Up to date (results carried over from dvc.lock): ${report.upToDate.join(", ")}`);
    if (report.willRun.length === 0) return print("Nothing will re-run.");
    print("Will run on the next `pivot repro` (DVC's MD5 hashes cannot become pivot's XXH3 hashes unless the files are verified identical):");
    for (const entry of report.willRun) print(`  ${entry.stage}: ${entry.reason}`);
  },
});
