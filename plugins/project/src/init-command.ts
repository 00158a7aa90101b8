import { defineCommand } from "citty";
import { info, success } from "@pivot/core/internal";
import { initProject } from "./init-project";

export const initCommand = defineCommand({
  meta: { name: "init", description: "Create a pivot project (.pivot/) in the current folder" },
  args: {
    force: { type: "boolean", alias: "f", description: "Re-initialise an existing .pivot/ (keeps config, locks and cache)" },
  },
  run({ args }) {
    const result = initProject(process.cwd(), Boolean(args.force));
    success(`${result.reinitialised ? "Re-initialised" : "Initialised"} pivot project in ${result.pivotDir}`);
    if (result.parentProject) {
      info(`This folder is inside the project at ${result.parentProject}; its pipelines keep their lock files and state here.`);
    } else {
      info("Next: write a pivot.yaml with your stages, then run `pivot repro`.");
    }
  },
});
