import { TsFingerprinter } from "../fingerprint/ts-fingerprint";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";
import type { ExecuteOptions, ExecutorPlugin } from "../plugin/executor-plugin";
import type { TsJob } from "./ts-job";
import { TsWorkerPool } from "./ts-worker-pool";

function jobOf(stage: Stage, options: ExecuteOptions): TsJob {
  if (stage.body.kind !== "ts") throw new Error(`stage '${stage.id}' is not a TS stage`);
  const root = options.projectRoot;
  return {
    projectRoot: root,
    module: fromProjectPath(root, stage.body.file),
    exportName: stage.body.exportName,
    ...(stage.body.stage === undefined ? {} : { stage: stage.body.stage }),
    name: stage.id,
    params: options.params,
    deps: stage.deps.map((d) => fromProjectPath(root, d.path)),
    outs: stage.outs.map((o) => fromProjectPath(root, o.path)),
    wdir: fromProjectPath(root, stage.wdir),
  };
}

/**
 * The executor of TS stages: code fingerprints by static analysis (`fingerprint/`), bodies on a
 * warm worker pool that lives for one run.
 */
export function createTsExecutor(): ExecutorPlugin {
  const fingerprinter = new TsFingerprinter();
  let pool: TsWorkerPool | undefined;
  return {
    kind: "ts",
    async fingerprint(stage, ctx) {
      return fingerprinter.fingerprint(stage, ctx);
    },
    async execute(stage, options) {
      pool ??= new TsWorkerPool();
      return pool.run(jobOf(stage, options), options);
    },
    async dispose() {
      await pool?.dispose();
      pool = undefined;
      fingerprinter.endCommand();
    },
  };
}
