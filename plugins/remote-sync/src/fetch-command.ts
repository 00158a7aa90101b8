import { defineCommand } from "citty";
import { PULL_TRUST_NOTES } from "./trust-help";
import { fetchFromRemote } from "@pivot/core/internal";
import { runTransfer } from "./run-transfer";
import { transferArgs } from "./transfer-args";

export const runCacheArg = {
  runCache: { type: "boolean", description: "Also fetch the outputs of every run-cache entry of these stages (for `repro` to restore)" },
} as const;

export const fetchCommand = Object.assign(
  defineCommand({
    meta: { name: "fetch", description: "Download cached outputs (and run-cache entries) from a remote into the cache" },
    args: { ...transferArgs, ...runCacheArg },
    run: ({ args }) => runTransfer(args, (project, common) => fetchFromRemote(project, { ...common, runCache: args.runCache === true })),
  }),
  { helpNotes: PULL_TRUST_NOTES },
);
