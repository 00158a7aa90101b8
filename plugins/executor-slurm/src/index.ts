import { definePlugin, lazyExecutor } from "@pivot/core/plugin";

/** Default in-flight jobs when the project's executor is slurm and neither --jobs nor core.jobs says. */
const SLURM_DEFAULT_JOBS = 100;

export default definePlugin({
  name: "@pivot/plugin-executor-slurm",
  version: "0.1.0",
  api: "^1.0.0",
  executors: [lazyExecutor({ kind: "cmd", name: "slurm", defaultJobs: SLURM_DEFAULT_JOBS }, () => import("./slurm-executor").then((m) => m.createSlurmExecutor()))],
});
