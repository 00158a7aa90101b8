import { completes } from "@pivot/core/define";
import { allPipelinesArgs } from "@pivot/core/host";

export const statusArgs = {
  stages: { type: "positional", required: false, description: "Stages (and their upstream) to check; default: all", ...completes("stages") },
  explain: { type: "boolean", alias: "e", description: "Show every reason, old → new" },
  json: { type: "boolean", description: "Print a JSON report" },
  allowMissing: { type: "boolean", description: "Accept data absent from the workspace when the default remote holds it (CI after a clone)" },
  ...allPipelinesArgs,
  remote: { type: "string", alias: "r", valueHint: "NAME", description: "Instead: what push/pull would move to/from a remote (no NAME: the default)", ...completes("remotes") },
} as const;

export type StatusArgs = {
  _: string[];
  explain?: boolean;
  json?: boolean;
  allowMissing?: boolean;
  all?: boolean;
  strict?: boolean;
  remote?: string;
};

/** Plain `status`: options that change what is checked or how it is reported take the full path. */
export function statusSnapshotApplies(args: StatusArgs): boolean {
  return !(args.explain || args.json || args.allowMissing || args.remote !== undefined);
}
