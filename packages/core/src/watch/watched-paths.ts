import { statSync } from "node:fs";
import { dirname, extname } from "node:path";
import { PathTrie } from "../graph/path-trie";
import type { PipelineGraph } from "../graph/pipeline-graph";
import { fromProjectPath, isSameOrInside, toProjectPath } from "../model/paths";
import type { Project } from "../project/open-project";
import { readPivotIgnore } from "../pipeline/find-all-pipeline-files";
import { CODE_EXTENSIONS, localSourceFiles } from "./source-imports";

/** What watch mode listens to for one loaded pipeline, and how to tell changes apart. */
export interface WatchSet {
  root: string;
  graph: PipelineGraph;
  /** The stages `repro --watch [targets]` keeps up to date (targets + upstream). */
  selected: ReadonlySet<string>;
  /** Pipeline files, the vars files they read, `.pivotignore` (project-relative). */
  definitions: ReadonlySet<string>;
  /** Local TS/JS source files of the pipelines and TS stages. */
  code: ReadonlySet<string>;
  /** Params files → the selected stages reading them. */
  params: ReadonlyMap<string, readonly string[]>;
  /** Pipeline folders (an unreferenced params.yaml there still reloads). */
  pipelineDirs: ReadonlySet<string>;
  /** With `--all`: file names that make a new pipeline anywhere in the project. */
  pipelineFileNames?: ReadonlySet<string>;
  isPivotIgnored: (projectPath: string) => boolean;
  /** Project-relative folders pivot writes to and never watches (the cache, when inside the project). */
  ignoredFolders: readonly string[];
  /** Every project path the watcher has to reach (folders on the way to them are watched). */
  reach: PathTrie<true>;
  /** Absolute folders handed to the file watcher. */
  folders: readonly string[];
}

export interface WatchSetInput {
  project: Project;
  graph: PipelineGraph;
  selected: readonly string[];
  /** `--all`: watch the whole project for pipeline files appearing or disappearing. */
  discover: boolean;
}

const PARAMS_NAMES = ["params.yaml", "params.yml"];

function isDirectory(absolute: string): boolean {
  try {
    return statSync(absolute).isDirectory();
  } catch {
    return false;
  }
}

/** Source files of the selected TS stages: the executor's own list when it has one, else their imports. */
async function codeFilesOf(project: Project, graph: PipelineGraph, selected: readonly string[]): Promise<Set<string>> {
  const entries = project.pipelines.map((p) => p.file).filter((file) => CODE_EXTENSIONS.has(extname(file)));
  const reported: string[] = [];
  for (const id of selected) {
    const stage = graph.stage(id);
    if (stage.body.kind !== "ts") continue;
    entries.push(stage.body.file);
    const executor = project.registry.executor(stage.body.kind);
    if (!executor?.sourceFiles) continue;
    try {
      reported.push(...(await executor.sourceFiles(stage, { projectRoot: project.root, store: project.state.forStage(stage) })));
    } catch {
      // A stage whose code cannot be read fails in the run with a proper message; watch its imports meanwhile.
    }
  }
  const code = localSourceFiles(project.root, entries);
  for (const file of reported) if (isSameOrInside(file, ".") && !file.startsWith("../")) code.add(file);
  return code;
}

/** Computes what to watch for the selected stages of a loaded project. */
export async function buildWatchSet(input: WatchSetInput): Promise<WatchSet> {
  const { project, graph, selected } = input;
  const root = project.root;
  const reach = new PathTrie<true>();
  const folders = new Set<string>();
  const watchFile = (path: string) => {
    reach.set(path, true);
    folders.add(dirname(fromProjectPath(root, path)));
  };

  const definitions = new Set<string>([".pivotignore"]);
  const pipelineDirs = new Set<string>();
  for (const pipeline of project.pipelines) {
    definitions.add(pipeline.file);
    for (const input of pipeline.inputs ?? []) definitions.add(input);
    pipelineDirs.add(pipeline.dir);
    for (const name of PARAMS_NAMES) watchFile(pipeline.dir === "." ? name : `${pipeline.dir}/${name}`);
  }
  for (const file of definitions) watchFile(file);

  const params = new Map<string, string[]>();
  for (const id of selected) {
    const stage = graph.stage(id);
    for (const ref of stage.params) {
      params.set(ref.file, [...(params.get(ref.file) ?? []), id]);
      watchFile(ref.file);
    }
    for (const dep of stage.deps) {
      if (graph.producerOf(dep.path)) continue; // written by a stage: never a trigger
      const absolute = fromProjectPath(root, dep.path);
      reach.set(dep.path, true);
      folders.add(isDirectory(absolute) ? absolute : dirname(absolute));
    }
  }
  const code = await codeFilesOf(project, graph, selected);
  for (const file of code) watchFile(file);

  const cacheDir = toProjectPath(root, project.config.cacheDir);
  const ignoredFolders = cacheDir === ".." || cacheDir.startsWith("../") ? [] : [cacheDir];
  let pipelineFileNames: Set<string> | undefined;
  if (input.discover) {
    pipelineFileNames = new Set(project.registry.discoveryPlugins().flatMap((d) => d.configFiles));
    folders.add(root);
  }
  return {
    root,
    graph,
    selected: new Set(selected),
    definitions,
    code,
    params,
    pipelineDirs,
    pipelineFileNames,
    isPivotIgnored: readPivotIgnore(root),
    ignoredFolders,
    reach,
    folders: [...folders].sort(),
  };
}
