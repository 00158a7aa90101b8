import { defineCommand } from "citty";
import {
  type Project,
  type RevisionSelection,
  collectGarbage,
  collectRemoteGarbage,
  completes,
  findAllPipelineFiles,
  parseDuration,
  parseJobs,
  printJson,
  repeatedOption,
  warn,
  withProject,
} from "@pivot/core/internal";
import { plural } from "./format";
import { renderLocalGarbage, renderRemoteGarbage } from "./gc-report";

export const gcCommand = defineCommand({
  meta: {
    name: "gc",
    description: "Remove cache objects nothing references (the workspace, chosen git revisions, young run-cache entries), locally or on a remote",
  },
  args: {
    allPipelines: { type: "boolean", alias: ["a", "all"], description: "Keep the objects of every pipeline in the project, not only this one (also --all)" },
    workspace: { type: "boolean", alias: "w", description: "Keep what the workspace references (always on; the default when no revision is chosen)" },
    allBranches: { type: "boolean", description: "Also keep what every branch tip's lock and tracking files reference" },
    allTags: { type: "boolean", description: "Also keep what every tag references" },
    allCommits: { type: "boolean", description: "Also keep what every commit reachable from any ref references" },
    rev: { type: "string", alias: "r", valueHint: "REV", description: "Also keep what this git revision references (repeatable)" },
    keepRunCache: { type: "string", valueHint: "DURATION", description: "Keep run-cache entries younger than this, with their objects (e.g. 30d); older ones go when their objects do" },
    remote: { type: "string", valueHint: "NAME", description: "Collect on this remote instead of the local cache (keep-set from all pipelines)", ...completes("remotes") },
    cloud: { type: "boolean", alias: "c", description: "Collect on the default remote (as --remote <remote.default>)" },
    grace: { type: "string", valueHint: "DURATION", description: "With --remote: never delete objects written less than this ago (default gc.remoteGrace, 1d)" },
    jobs: { type: "string", alias: "j", description: "With --remote: parallel requests (default remote.jobs)" },
    dryRun: { type: "boolean", alias: "n", description: "Only report (and list) what would be removed" },
    json: { type: "boolean", description: "Print a JSON report" },
  },
  async run({ args, rawArgs }) {
    const revisions: RevisionSelection = {
      revs: repeatedOption(rawArgs, "rev", "r", "a git revision"),
      allBranches: Boolean(args.allBranches),
      allTags: Boolean(args.allTags),
      allCommits: Boolean(args.allCommits),
    };
    const keepRunCacheMs = args.keepRunCache === undefined ? undefined : parseDuration(args.keepRunCache, "--keep-run-cache");
    const onRemote = args.remote !== undefined || Boolean(args.cloud);
    // A remote is shared by every pipeline of the project: what any of them references stays.
    const all = onRemote || Boolean(args.allPipelines);
    await withProject({ all, strict: true, allowNoPipeline: true }, async (project) => {
      if (onRemote) return await remoteGc(project, args, revisions, keepRunCacheMs);
      const others = all ? 0 : findAllPipelineFiles(project.root, project.registry.discoveryPlugins()).files.length - project.pipelines.length;
      if (others > 0) {
        warn(
          `${plural(others, "other pipeline")} in this project ${others === 1 ? "is" : "are"} not loaded: objects only ${others === 1 ? "it references" : "they reference"} count as unused`,
          "Use `pivot gc --all-pipelines` to keep the objects of every pipeline.",
        );
      }
      const report = await collectGarbage(project, { dryRun: Boolean(args.dryRun), revisions, ...(keepRunCacheMs !== undefined ? { keepRunCacheMs } : {}) });
      if (args.json) return printJson({ ...report, otherPipelines: others });
      renderLocalGarbage(report);
    });
  },
});

async function remoteGc(
  project: Project,
  args: { remote?: string; grace?: string; jobs?: string; dryRun?: boolean; json?: boolean },
  revisions: RevisionSelection,
  keepRunCacheMs: number | undefined,
): Promise<void> {
  const graceMs =
    args.grace !== undefined ? parseDuration(args.grace, "--grace") : parseDuration(project.config.gcRemoteGrace, "gc.remoteGrace (in .pivot/config.yaml)");
  const jobs = parseJobs(args.jobs);
  const report = await collectRemoteGarbage(project, {
    ...(args.remote !== undefined ? { remote: args.remote } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    dryRun: Boolean(args.dryRun),
    revisions,
    graceMs,
    ...(keepRunCacheMs !== undefined ? { keepRunCacheMs } : {}),
  });
  if (args.json) return printJson(report);
  renderRemoteGarbage(report);
}
