import { defineCommand } from "citty";
import { fetchFromRemote } from "@pivot/core/internal";
import { runTransfer } from "./run-transfer";
import { transferArgs } from "./transfer-args";

export const runCacheArg = {
  runCache: { type: "boolean", description: "Also fetch the outputs of every run-cache entry of these stages (for `repro` to restore)" },
} as const;

export const fetchCommand = defineCommand({
  meta: { name: "fetch", description: "Download cached outputs (and run-cache entries) from a remote into the cache" },
  args: { ...transferArgs, ...runCacheArg },
  run: ({ args }) => runTransfer(args, (project, common) => fetchFromRemote(project, { ...common, runCache: args.runCache === true })),
});
