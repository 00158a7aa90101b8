import type { PivotPlugin } from "@pivot/core/host";
import completion from "@pivot/plugin-completion";
import discoveryTs from "@pivot/plugin-discovery-ts";
import discoveryYaml from "@pivot/plugin-discovery-yaml";
import dvc from "@pivot/plugin-dvc";
import executorSlurm from "@pivot/plugin-executor-slurm";
import inspect from "@pivot/plugin-inspect";
import observe from "@pivot/plugin-observe";
import outputs from "@pivot/plugin-outputs";
import project from "@pivot/plugin-project";
import remoteLocal from "@pivot/plugin-remote-local";
import remoteS3 from "@pivot/plugin-remote-s3";
import remoteSync from "@pivot/plugin-remote-sync";
import repro from "@pivot/plugin-repro";
import stateSqlite from "@pivot/plugin-state-sqlite";
import status from "@pivot/plugin-status";
import ui from "@pivot/plugin-ui";
import watch from "@pivot/plugin-watch";

/** Plugins that ship with pivot, registered before any third-party plugin. */
export const builtinPlugins: PivotPlugin[] = [
  project,
  inspect,
  repro,
  status,
  outputs,
  remoteSync,
  observe,
  dvc,
  watch,
  ui,
  completion,
  discoveryYaml,
  discoveryTs,
  stateSqlite,
  remoteLocal,
  remoteS3,
  executorSlurm,
];
