import { defineCommand } from "citty";
import { allPipelinesArgs, completes, openProject, print, printJson } from "@pivot/core/internal";
import { formatOf, positionalsOf, precisionOf, revisionsOf, diffRevArg } from "./cli-options";
import { diffSnapshots, showSnapshot } from "./git/snapshot";
import { paramsAt } from "./params/collect-params";
import { diffParams, paramsJson, renderParamChanges, renderParams } from "./params/params-report";
import { stagesNamed } from "./stage-targets";

const common = {
  stages: { type: "positional", required: false, description: "Stages to include (ids, globs like train@*, base names); default: all", ...completes("stages") },
  json: { type: "boolean", description: "Print JSON" },
  md: { type: "boolean", description: "Print a GitHub-markdown table" },
  precision: { type: "string", valueHint: "N", description: "Digits after the point for numbers in tables (default 5)" },
  ...allPipelinesArgs,
} as const;

const showCommand = defineCommand({
  meta: { name: "show", description: "Parameters each stage uses, as in effect now (or recorded at --rev)" },
  args: { ...common, rev: { type: "string", alias: "r", valueHint: "REV", description: "Read the values recorded in lock files at this git revision" } },
  async run({ args, rawArgs }) {
    const [rev] = revisionsOf(rawArgs, 1);
    const project = await openProject({ all: args.all, strict: args.strict });
    try {
      const params = paramsAt(project, stagesNamed(project, positionalsOf(args)), showSnapshot(project.root, rev), { orphans: false });
      const format = formatOf(args);
      if (format === "json") return printJson(paramsJson(params));
      print(params.length === 0 ? "No parameters found." : renderParams(params, format, precisionOf(args.precision)));
    } finally {
      project.close();
    }
  },
});

const diffCommand = defineCommand({
  meta: { name: "diff", description: "Parameter changes: workspace vs HEAD, vs --rev A, or --rev A vs --rev B" },
  args: {
    ...common,
    ...diffRevArg,
    unchanged: { type: "boolean", description: "Also list parameters that did not change" },
  },
  async run({ args, rawArgs }) {
    const revs = revisionsOf(rawArgs, 2);
    const project = await openProject({ all: args.all, strict: args.strict });
    try {
      const stages = stagesNamed(project, positionalsOf(args));
      const sides = diffSnapshots(project.root, revs);
      const orphans = positionalsOf(args).length === 0;
      const changes = diffParams(paramsAt(project, stages, sides.old, { orphans }), paramsAt(project, stages, sides.new, { orphans }), {
        unchanged: Boolean(args.unchanged),
      });
      const labels = { old: sides.old.label, new: sides.new.label };
      const format = formatOf(args);
      if (format === "json") return printJson({ ...labels, changes });
      print(changes.length === 0 ? `No parameter changes between ${labels.old} and ${labels.new}.` : renderParamChanges(changes, labels, format, precisionOf(args.precision)));
    } finally {
      project.close();
    }
  },
});

export const paramsCommand = defineCommand({
  meta: { name: "params", description: "Show parameters, or compare them across git revisions" },
  subCommands: { show: showCommand, diff: diffCommand },
});
