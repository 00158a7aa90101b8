import { allPipelinesArgs, completes, print, printJson, stagesNamed } from "@pivot/core/internal";
import { formatOf, precisionOf, tableArgs } from "./cli-options";
import { paramsAt } from "./params/collect-params";
import { diffParams, paramsJson, renderParamChanges, renderParams } from "./params/params-report";
import { snapshotCommands } from "./snapshot-commands";

export const paramsCommand = snapshotCommands({
  name: "params",
  description: "Show parameters, or compare them across git revisions",
  args: {
    stages: { type: "positional", required: false, description: "Stages to include (ids, globs like train@*, base names); default: all", ...completes("stages") },
    ...tableArgs,
    ...allPipelinesArgs,
  },
  show: {
    description: "Parameters each stage uses, as in effect now (or recorded at --rev)",
    revDescription: "Read the values recorded in lock files at this git revision",
    run({ project, args, targets, snapshot }) {
      const params = paramsAt(project, stagesNamed(project, targets), snapshot, { orphans: false });
      const format = formatOf(args);
      if (format === "json") return printJson(paramsJson(params));
      print(params.length === 0 ? "No parameters found." : renderParams(params, format, precisionOf(args.precision)));
    },
  },
  diff: {
    description: "Parameter changes: workspace vs HEAD, vs --rev A, or --rev A vs --rev B",
    args: { unchanged: { type: "boolean", description: "Also list parameters that did not change" } },
    run({ project, args, targets, sides, labels }) {
      const stages = stagesNamed(project, targets);
      const orphans = targets.length === 0;
      const changes = diffParams(paramsAt(project, stages, sides.old, { orphans }), paramsAt(project, stages, sides.new, { orphans }), {
        unchanged: Boolean(args.unchanged),
      });
      const format = formatOf(args);
      if (format === "json") return printJson({ ...labels, changes });
      print(changes.length === 0 ? `No parameter changes between ${labels.old} and ${labels.new}.` : renderParamChanges(changes, labels, format, precisionOf(args.precision)));
    },
  },
});
