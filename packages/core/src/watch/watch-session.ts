import { join } from "node:path";
import { buildGraph } from "../graph/build-graph";
import { PathTrie } from "../graph/path-trie";
import { selectStages } from "../graph/select-targets";
import { fromProjectPath, toProjectPath } from "../model/paths";
import { readPivotIgnore } from "../pipeline/find-all-pipeline-files";
import { hostContext } from "../plugin/host-context";
import type { PluginRegistry } from "../plugin/plugin-registry";
import { type Project, openProject } from "../project/open-project";
import { buildWatchSet, type WatchSet } from "./watched-paths";

export interface WatchSessionOptions {
  root: string;
  cwd: string;
  targets: readonly string[];
  all: boolean;
  strict: boolean;
  registry?: PluginRegistry;
  /** Local source files loaded before (project-relative), dropped from the module cache on reload. */
  loadedCode?: Iterable<string>;
}

/** One successful load of the pipeline(s): the project, the selected stages and what to watch. */
export interface WatchSession {
  /** The project, its graph built without the missing-dep check (a missing dep fails its stage instead). */
  project: Project;
  selected: string[];
  set: WatchSet;
}

/**
 * Drops the project's own modules (pipeline.ts and everything it imports, outside node_modules)
 * from Bun's module cache, so a reload imports the edited code instead of the first version.
 * `known` (project-relative) are deleted by name too: a module that failed to load is not listed
 * in `require.cache`, yet stays failed until deleted.
 */
export function forgetProjectModules(root: string, known: Iterable<string> = []): void {
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(`${root}/`) && !key.includes("/node_modules/")) delete require.cache[key];
  }
  for (const file of known) delete require.cache[fromProjectPath(root, file)];
}

/** Loads the pipeline(s) afresh; throws what `openProject`, the graph or target selection throw. */
export async function openWatchSession(options: WatchSessionOptions): Promise<WatchSession> {
  forgetProjectModules(options.root, options.loadedCode);
  const opened = await openProject({ all: options.all, strict: options.strict, cwd: options.cwd, registry: options.registry });
  try {
    const graph = buildGraph(opened.stages, { projectRoot: opened.root, allowMissingDeps: true });
    const selected = selectStages(graph, options.targets, { upstream: true });
    const project: Project = { ...opened, graph: () => graph };
    const set = await buildWatchSet({ project, graph, selected, discover: options.all });
    return { project, selected, set };
  } catch (error) {
    opened.close();
    throw error;
  }
}

/**
 * What to watch before any load succeeded: the pipeline files that would be loaded (in the
 * current folder and the project root; with `--all` anywhere), so fixing them starts the work.
 */
export function fallbackWatchSet(options: WatchSessionOptions): WatchSet {
  const registry = options.registry ?? hostContext().registry;
  const names = registry.discoveryPlugins().flatMap((d) => d.configFiles);
  const folders = [...new Set([options.root, options.cwd])];
  const definitions = new Set<string>([".pivotignore"]);
  const reach = new PathTrie<true>();
  for (const folder of folders) {
    for (const name of names) {
      const file = toProjectPath(options.root, join(folder, name));
      definitions.add(file);
      reach.set(file, true);
    }
  }
  return {
    root: options.root,
    graph: buildGraph([], { allowMissingDeps: true }),
    selected: new Set(),
    definitions,
    code: new Set(),
    params: new Map(),
    pipelineDirs: new Set(folders.map((f) => toProjectPath(options.root, f))),
    pipelineFileNames: options.all ? new Set(names) : undefined,
    isPivotIgnored: readPivotIgnore(options.root),
    ignoredFolders: [],
    reach,
    folders: folders.sort(),
  };
}

/** A broken load keeps watching what the last good load watched, plus the fallback files. */
export function mergeWatchSets(last: WatchSet, fallback: WatchSet): WatchSet {
  const definitions = new Set([...last.definitions, ...fallback.definitions]);
  for (const path of fallback.definitions) last.reach.set(path, true);
  return {
    ...last,
    definitions,
    pipelineFileNames: last.pipelineFileNames ?? fallback.pipelineFileNames,
    folders: [...new Set([...last.folders, ...fallback.folders])].sort(),
  };
}
