// @pivot/core/plugin — the plugin API: what a third-party plugin may import (docs/plugins.md lists
// and describes every name). It follows PLUGIN_API_VERSION: a name is never removed or changed in
// meaning without a new major version. Importing it loads no engine code, so `pivot --help` stays
// fast; what needs the engine (withProject, hashFile) loads it on first call.
import type { ProjectView, WithProjectOptions } from "./plugin/project-view";

// Defining a plugin
export { PLUGIN_API_VERSION } from "./plugin/plugin-api-version";
export { completes, defineCommand, definePlugin } from "./plugin/pivot-plugin";
export type { AnyCommand, ArgCompletion, CommandEntry, LazyCommand, PivotPlugin, PluginContext } from "./plugin/pivot-plugin";
export { lazyDiscovery, lazyExecutor } from "./define";

// Pipeline formats
export type { DiscoveryContext, DiscoveryPlugin } from "./plugin/discovery-plugin";
export type { PipelineDef, PipelineInfo, Stage } from "./model/pipeline";
export type { DepDef, OutDef, OutKind, ParamsRef, PlotOptions, PluginStageBody, StageBody, StageDef } from "./model/stage";
export { STAGE_NAME_PATTERN, fromProjectPath, isSameOrInside, resolveDeclaredPath, toProjectPath } from "./model/paths";

// Stage kinds
export type { ExecuteOptions, ExecuteResult, ExecutorCheck, ExecutorPlugin, FingerprintContext, PreflightContext, StageLogLine } from "./plugin/executor-plugin";
export type { ResourceKey, StageResources } from "./model/resources";
export { RESOURCE_KEYS, memoryMegabytes } from "./model/resources";

// Remotes
export type { Remote, RemoteBackend, RemoteObjectInfo, RemoteOptions, TransferHooks } from "./plugin/remote-backend";
export { isTransientError, redactUrl, transientError } from "./remote/remote-errors";
export { hashOfObjectKey, objectKeyOf, shardKeyOf } from "./remote/object-key";

// State backends and file watchers
export type { FileStat, HashCacheEntry, RunCacheEntry, RunCacheProducer, RunRecord, RunStageRecord, StageRunStatus, StateBackend, StateStore } from "./plugin/state-backend";
export type { FileWatcher, WatchCallbacks, WatcherBackend } from "./plugin/watcher-backend";

// Errors and output
export { PivotError, errorMessage, isPivotError, type PivotErrorCode, type PivotErrorOptions } from "./errors/pivot-error";
export { didYouMean } from "./errors/did-you-mean";
export { debug, error, info, isQuiet, isVerbose, print, printJson, success, warn } from "./ui/output";
export { bold, cyan, dim, gray, green, red, yellow } from "./ui/colors";

// Commands working on a project
export type { ProjectView, StageStatus, WithProjectOptions } from "./plugin/project-view";
export { findProjectRoot, requireProjectRoot } from "./project/project-root";
export { writeFileAtomic } from "./fs/atomic-write";

/**
 * Opens the project (the pipeline of the current folder, or every pipeline with `all`), runs `fn`
 * with it and closes it, whether `fn` returns or throws.
 */
export async function withProject<T>(options: WithProjectOptions, fn: (project: ProjectView) => T | Promise<T>): Promise<T> {
  return (await import("./plugin/open-project-view")).withProjectView(options, fn);
}

/** The XXH3-128 content hash of a file, as pivot's cache and lock files record it (32 hex). */
export async function hashFile(path: string): Promise<string> {
  return (await import("./hash/hash-file")).hashFile(path);
}
