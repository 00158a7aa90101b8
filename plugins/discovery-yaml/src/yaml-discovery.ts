import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type DiscoveryPlugin, PivotError, errorMessage, toProjectPath } from "@pivot/core/internal";

/** Loads DVC-like `pivot.yaml` / `pivot.yml` pipelines (shell `cmd` stages and `run:` TS stages). */
export const yamlDiscovery: DiscoveryPlugin = {
  name: "yaml",
  configFiles: ["pivot.yaml", "pivot.yml"],
  // Keep in step with the lazy registration in index.ts.
  cacheVersion: "yaml-2",
  async load(file, ctx) {
    const absolute = resolve(ctx.projectRoot, file);
    let text: string;
    try {
      text = await readFile(absolute, "utf8");
    } catch (error) {
      throw new PivotError("PIPELINE_NOT_FOUND", `Cannot read ${toProjectPath(ctx.projectRoot, absolute)}: ${errorMessage(error)}`, {
        hint: "Check that the pipeline file exists and is readable.",
        cause: error,
      });
    }
    // The YAML parser loads only when a file has to be parsed (core caches unchanged pipelines).
    const { parsePipeline } = await import("./parse-pipeline");
    return parsePipeline(text, { projectRoot: ctx.projectRoot, file: absolute });
  },
  async setFrozen(file, declaredName, frozen) {
    return (await import("./set-frozen")).setFrozenInYaml(file, declaredName, frozen);
  },
};
