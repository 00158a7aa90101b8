import type { PipelineDef } from "../model/pipeline";

export interface DiscoveryContext {
  /** Absolute project root. */
  projectRoot: string;
  /** Absolute path of the file being loaded. */
  file: string;
  /** Project-relative folder of the file (`"."` at the root). */
  dir: string;
}

/** Turns pipeline files into pipelines. */
export interface DiscoveryPlugin {
  name: string;
  /** File names this plugin loads, in preference order (`pivot.yaml`, `pivot.yml`). */
  configFiles: string[];
  load(file: string, ctx: DiscoveryContext): Promise<PipelineDef>;
  /**
   * Set when `load` is a pure function of the file and the files listed in `PipelineDef.inputs`:
   * core then reuses the last result while none of them changed (no parse on a no-op command).
   * Change the value whenever the plugin's output format changes.
   */
  cacheVersion?: string;
  /**
   * Writes `frozen: true` into the declaration of a stage (`frozen: false` removes it), keeping the
   * file's formatting; `declaredName` is the stage's name in the file (a matrix stage's base name).
   * Returns false when it was already so. Without this hook, `pivot freeze` tells the user where to
   * write the option by hand.
   */
  setFrozen?(file: string, declaredName: string, frozen: boolean): Promise<boolean>;
}
