/**
 * The pipeline.ts API: `export const pipeline = new Pipeline("demo")`, then
 * `pipeline.stage(name, { deps, outs, params, run })`. Registration only records the stage; the
 * discovery-ts plugin turns it into the pipeline model and the TS executor runs it.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { PivotError } from "../errors/pivot-error";
import { type CallSite, callerLocation } from "./call-site";
import { checkStageName, checkStageSpec } from "./check-stage-spec";
import type { AnyLoader, ParamsShape, StageSpec } from "./loader-types";

/** Marks Pipeline objects (`Symbol.for`, so a pipeline built by another copy of core is recognised). */
export const PIPELINE_BRAND: unique symbol = Symbol.for("pivot.pipeline");

export type LoaderMap = Record<string, AnyLoader>;

/** A stage as registered: its spec (with live loaders and the run function) and where it was declared. */
export interface RegisteredStage {
  name: string;
  spec: StageSpec<LoaderMap, LoaderMap, ParamsShape>;
  /** The `pipeline.stage(…)` call, when the stack showed it. */
  source?: CallSite;
}

export interface PipelineOptions {
  /** Folder that relative dep/out paths resolve against (default: the folder of the file calling `new Pipeline`). */
  root?: string;
}

function where(name: unknown, source: CallSite | undefined): string {
  const stage = typeof name === "string" ? `stage '${name}'` : "stage";
  return source ? `${stage} (${source.file}:${source.line})` : stage;
}

export class Pipeline {
  readonly [PIPELINE_BRAND] = true as const;
  readonly name: string;
  /** Absolute folder that relative paths resolve against; undefined: the folder of the pipeline file. */
  readonly root: string | undefined;
  readonly #stages = new Map<string, RegisteredStage>();

  constructor(name: string, options: PipelineOptions = {}) {
    if (typeof name !== "string" || name.trim() === "") {
      throw new PivotError("PIPELINE_INVALID", `new Pipeline(name): the name must be a non-empty string, got ${JSON.stringify(name) ?? String(name)}`, {
        hint: 'Write new Pipeline("my-pipeline").',
      });
    }
    this.name = name;
    const caller = callerLocation();
    if (options.root !== undefined) this.root = isAbsolute(options.root) ? options.root : resolve(caller ? dirname(caller.file) : process.cwd(), options.root);
    else this.root = caller ? dirname(caller.file) : undefined;
  }

  /**
   * Registers a stage. Deps arrive loaded and typed by their loaders, params typed by their
   * defaults; `run` returns a value for every out it does not write itself.
   */
  stage<D extends LoaderMap = {}, O extends LoaderMap = {}, P extends ParamsShape = {}>(name: string, spec: StageSpec<D, O, P>): this {
    const source = callerLocation();
    const at = where(name, source);
    checkStageName(name, at);
    const existing = this.#stages.get(name);
    if (existing) {
      const first = existing.source ? ` (first at ${existing.source.file}:${existing.source.line})` : "";
      throw new PivotError("STAGE_DUPLICATE", `${at}: stage '${name}' is defined twice${first}`, { hint: "Give each stage a unique name." });
    }
    checkStageSpec(at, spec);
    const registered: RegisteredStage = { name, spec: spec as unknown as RegisteredStage["spec"] };
    if (source) registered.source = source;
    this.#stages.set(name, registered);
    return this;
  }

  /** Registered stages, in registration order. */
  get stages(): RegisteredStage[] {
    return [...this.#stages.values()];
  }

  getStage(name: string): RegisteredStage | undefined {
    return this.#stages.get(name);
  }
}

/** True for Pipeline objects, also from another copy of @pivot/core. */
export function isPipeline(value: unknown): value is Pipeline {
  return typeof value === "object" && value !== null && (value as { [PIPELINE_BRAND]?: unknown })[PIPELINE_BRAND] === true;
}
