/**
 * Types of the pipeline.ts API: loaders carry the type of the value they load and save, and the
 * stage function's arguments and return value are derived from the declared deps, outs and params.
 */
import type { OutKind, PlotOptions } from "../model/stage";

/** Marks loader objects (checked at registration; `Symbol.for` so two copies of core agree). */
export const LOADER_BRAND: unique symbol = Symbol.for("pivot.loader");

/** How a loader's file is declared as an output. */
export interface OutSettings {
  kind: OutKind;
  /** Store in the content cache (metrics default to false). */
  cache: boolean;
  /** The path is a folder. */
  isDir: boolean;
  plot?: PlotOptions;
}

/**
 * Reads a dep and writes an out. `T` is what the stage function receives (as a dep) and returns
 * (as an out). Paths given to `load`/`save` are absolute.
 */
export interface Loader<T = unknown> {
  readonly [LOADER_BRAND]: true;
  /** Loader name for messages and `pivot list` (`json`, `csv`, a user loader's name). */
  readonly name: string;
  /** The path as declared: relative to the pipeline folder, or starting with `/` for the project root. */
  readonly path: string;
  /** Options that change how the file is read or written (JSON-serialisable, for display). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly out: Readonly<OutSettings>;
  /** False when the stage writes the file itself (`path()`, `directory()`): it is not returned. */
  readonly returned: boolean;
  /** An incremental out: its previous version is restored before the run and handed to the stage. */
  readonly incremental: boolean;
  load(path: string): T | Promise<T>;
  save(value: T, path: string): void | Promise<void>;
}

/** A loader whose file the stage reads or writes itself; its value is the absolute path. */
export interface PathLoader extends Loader<string> {
  readonly returned: false;
}

/** A loader marked incremental (see `loaders.incremental`). */
export type IncrementalLoader<L extends Loader<unknown>> = L & { readonly incremental: true };

// biome-ignore lint/suspicious/noExplicitAny: any loader, whatever it loads.
export type AnyLoader = Loader<any>;

/** The value a loader loads and saves. */
export type LoadedValue<L> = L extends Loader<infer T> ? T : never;

/** JSON-compatible parameter values (they are recorded in lock files). */
export type ParamValue = string | number | boolean | null | readonly ParamValue[] | { readonly [key: string]: ParamValue };
export type ParamsShape = Record<string, ParamValue>;

type ReturnedKeys<O> = { [K in keyof O]: O[K] extends { readonly returned: false } ? never : K }[keyof O];
type IncrementalKeys<O> = { [K in keyof O]: O[K] extends { readonly incremental: true } ? K : never }[keyof O];

/** What the stage function receives as its first argument: every dep, loaded. */
export type DepValues<D> = { [K in keyof D]: LoadedValue<D[K]> };

/** What the stage function returns: a value for every out it does not write itself. */
export type OutValues<O> = [ReturnedKeys<O>] extends [never] ? void | Record<string, never> : { [K in ReturnedKeys<O>]: LoadedValue<O[K]> };

/** The third argument of the stage function. */
export interface StageContext<O> {
  /** The stage's name. */
  stage: string;
  /** Absolute path of every out, for outs the stage writes itself (`path()`, `directory()`). */
  outs: { readonly [K in keyof O]: string };
  /** Previous value of each incremental out (undefined on the first run). */
  previous: { readonly [K in IncrementalKeys<O>]?: LoadedValue<O[K]> };
  /** Absolute project root and pipeline folder. */
  projectRoot: string;
  pipelineDir: string;
}

/** Everything `pipeline.stage(name, spec)` accepts. */
export interface StageSpec<D, O, P> {
  /** Files the stage reads, each with its loader. */
  deps?: D;
  /** Files the stage writes, each with its loader. */
  outs?: O;
  /** Parameter defaults; `params.yaml` next to pipeline.ts may override them (`<stage>: {key: value}`). */
  params?: P;
  /** The stage body: loaded deps and params in, out values back. */
  run(deps: DepValues<D>, params: P, context: StageContext<O>): OutValues<O> | Promise<OutValues<O>>;
  /**
   * Extra code the fingerprint cannot see (functions reached through dynamic dispatch, files read
   * at run time): identifiers listed here are fingerprinted like referenced code, strings are
   * files (relative to the pipeline folder) whose content is fingerprinted.
   */
  code?: readonly unknown[];
  desc?: string;
  /** Stages sharing a mutex group never run at the same time. */
  mutex?: readonly string[];
  /** Run on every `repro`. */
  alwaysChanged?: boolean;
  /** Never run: `repro` uses the outputs its lock file records (see `pivot freeze`). */
  frozen?: boolean;
}
