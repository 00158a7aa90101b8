import { defineCommand } from "citty";
import { statusArgs } from "./status-args";
import { statusFromSnapshot } from "./status-fast-path";

export const statusCommand = defineCommand({
  meta: { name: "status", description: "Show which stages are stale, and why" },
  args: statusArgs,
  // The engine loads only when there is something to check: see status-fast-path.ts.
  async run({ args, rawArgs }) {
    if (await statusFromSnapshot(args)) return;
    return (await import("./execute-status")).executeStatus(args, rawArgs);
  },
});
