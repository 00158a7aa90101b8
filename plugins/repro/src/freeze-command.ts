import { defineCommand } from "citty";
import { allPipelinesArgs, completes, bold, cyan, dim, print, printJson, setStagesFrozen, withProject } from "@pivot/core/internal";

/** `pivot freeze` and `pivot unfreeze`: the same command, setting or removing `frozen: true`. */
function frozenCommand(frozen: boolean) {
  const name = frozen ? "freeze" : "unfreeze";
  return defineCommand({
    meta: {
      name,
      description: frozen
        ? "Freeze stages: they never run; repro uses the outputs their lock files record (writes `frozen: true`)"
        : "Unfreeze stages: they run again when their inputs change (removes `frozen: true`)",
    },
    args: {
      stages: { type: "positional", required: true, description: "Stage names or globs (a matrix stage's base name names all its variants)", ...completes("stages") },
      json: { type: "boolean", description: "Print a JSON report" },
      ...allPipelinesArgs,
    },
    async run({ args }) {
      await withProject({ all: args.all, strict: args.strict, allowMissingDeps: true }, async (project) => {
        const report = await setStagesFrozen(project, args._, frozen);
        if (args.json) return printJson(report);
        const verb = frozen ? "froze" : "unfroze";
        for (const { stages, file } of report.changed) print(`${cyan("❄")} ${verb} ${stages.map((s) => bold(s)).join(", ")} ${dim(`(${file})`)}`);
        for (const stage of report.unchanged) print(`${dim("·")} ${bold(stage)} ${dim(frozen ? "is already frozen" : "is not frozen")}`);
      });
    },
  });
}

export const freezeCommand = frozenCommand(true);
export const unfreezeCommand = frozenCommand(false);
