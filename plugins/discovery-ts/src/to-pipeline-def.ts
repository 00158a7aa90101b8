import {
  type AnyLoader,
  type DepDef,
  type DiscoveryContext,
  type OutDef,
  PivotError,
  type Pipeline,
  type PipelineDef,
  type RegisteredStage,
  type StageDef,
  isOutsideProject,
  resolveDeclaredPath,
  toProjectPath,
} from "@pivot/core/internal";
import { type Overrides, effectiveParams, readOverrides } from "./params-overrides";

interface StageSite {
  projectRoot: string;
  /** Project-relative pipeline.ts. */
  file: string;
  /** Project-relative folder the stage's paths resolve against. */
  pipelineDir: string;
  paramsFile: string;
  overrides: Overrides;
}

function where(stage: RegisteredStage, source: StageDef["source"]): string {
  return `${source.file}${source.line ? `:${source.line}` : ""}, stage '${stage.name}'`;
}

function sourceOf(site: StageSite, stage: RegisteredStage): StageDef["source"] {
  const file = stage.source ? toProjectPath(site.projectRoot, stage.source.file) : undefined;
  if (!file || isOutsideProject(file) || !stage.source) return { file: site.file };
  return { file, line: stage.source.line };
}

function depsOf(site: StageSite, stage: RegisteredStage, at: string): DepDef[] {
  const deps: DepDef[] = [];
  for (const loader of Object.values<AnyLoader>(stage.spec.deps ?? {})) {
    const { path } = resolveDeclaredPath(site.projectRoot, site.pipelineDir, loader.path, { role: "dep", where: at });
    if (!deps.some((d) => d.path === path)) deps.push({ path });
  }
  return deps;
}

function outsOf(site: StageSite, stage: RegisteredStage, at: string): OutDef[] {
  const outs: OutDef[] = [];
  const keyOf = new Map<string, string>();
  for (const [key, loader] of Object.entries<AnyLoader>(stage.spec.outs ?? {})) {
    const { path, trailingSlash } = resolveDeclaredPath(site.projectRoot, site.pipelineDir, loader.path, { role: "out", where: at });
    const other = keyOf.get(path);
    if (other !== undefined) {
      throw new PivotError("OUTPUT_DUPLICATE", `${at}: outs '${other}' and '${key}' both write ${path}`, { hint: "Declare each output file once." });
    }
    keyOf.set(path, key);
    const out: OutDef = { path, kind: loader.incremental ? "incremental" : loader.out.kind, cache: loader.out.cache, isDir: loader.out.isDir || trailingSlash };
    if (loader.out.plot && Object.keys(loader.out.plot).length > 0) out.plot = { ...loader.out.plot };
    outs.push(out);
  }
  return outs;
}

function stageDefOf(site: StageSite, stage: RegisteredStage): StageDef {
  const source = sourceOf(site, stage);
  const at = where(stage, source);
  const { spec } = stage;
  const def: StageDef = {
    name: stage.name,
    body: { kind: "ts", file: site.file, exportName: "pipeline", stage: stage.name },
    deps: depsOf(site, stage, at),
    outs: outsOf(site, stage, at),
    params: [],
    mutex: [...new Set(spec.mutex ?? [])],
    wdir: site.pipelineDir,
    source,
  };
  const params = effectiveParams(stage.name, { ...spec.params }, site.paramsFile, site.overrides);
  if (Object.keys(params).length > 0) def.paramValues = params;
  if (spec.desc !== undefined) def.desc = spec.desc;
  if (spec.alwaysChanged) def.alwaysChanged = true;
  if (spec.frozen) def.frozen = true;
  return def;
}

/** The pipeline model of a loaded pipeline.ts: stages with project-relative paths and effective params. */
export function toPipelineDef(pipeline: Pipeline, ctx: DiscoveryContext): PipelineDef {
  const file = toProjectPath(ctx.projectRoot, ctx.file);
  const pipelineDir = pipeline.root === undefined ? ctx.dir : toProjectPath(ctx.projectRoot, pipeline.root);
  if (isOutsideProject(pipelineDir)) {
    throw new PivotError("PIPELINE_INVALID", `${file}: the pipeline's root ${pipeline.root} is outside the project`, {
      hint: "Leave out `root` (paths then resolve against the folder of pipeline.ts), or pick a folder inside the project.",
    });
  }
  const { file: paramsFile, overrides } = readOverrides(ctx.projectRoot, ctx.dir);
  const site: StageSite = { projectRoot: ctx.projectRoot, file, pipelineDir, paramsFile, overrides };
  return { name: pipeline.name, dir: ctx.dir, file, stages: pipeline.stages.map((stage) => stageDefOf(site, stage)) };
}
