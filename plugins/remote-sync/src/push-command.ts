import { defineCommand } from "citty";
import { PUSH_TRUST_NOTES } from "./trust-help";
import { pushToRemote } from "@pivot/core/internal";
import { runTransfer } from "./run-transfer";
import { transferArgs } from "./transfer-args";

export const pushCommand = Object.assign(
  defineCommand({
    meta: { name: "push", description: "Upload cached outputs (and run-cache entries) to a remote" },
    args: {
      ...transferArgs,
      verifyRemote: { type: "boolean", description: "Check every object on the remote (downloading and re-hashing it) instead of trusting the remote index; re-uploads missing or damaged ones" },
    },
    run: ({ args }) => runTransfer(args, (project, common) => pushToRemote(project, { ...common, verifyRemote: args.verifyRemote === true })),
  }),
  { helpNotes: PUSH_TRUST_NOTES },
);
