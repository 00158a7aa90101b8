import { defineCommand } from "citty";
import { PULL_TRUST_NOTES } from "./trust-help";
import { pullFromRemote } from "@pivot/core/internal";
import { runCacheArg } from "./fetch-command";
import { runTransfer } from "./run-transfer";
import { transferArgs } from "./transfer-args";

export const pullCommand = Object.assign(
  defineCommand({
    meta: { name: "pull", description: "Fetch outputs from a remote and place them in the workspace" },
    args: {
      ...transferArgs,
      ...runCacheArg,
      force: { type: "boolean", alias: "f", description: "Replace workspace outputs whose content differs from the recorded one" },
    },
    run: ({ args }) => runTransfer(args, (project, common) => pullFromRemote(project, { ...common, runCache: args.runCache === true, force: args.force === true })),
  }),
  { helpNotes: PULL_TRUST_NOTES },
);
