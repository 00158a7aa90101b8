import { readFileSync } from "node:fs";
import { PivotError, describeFailure, errorMessage, toProjectPath } from "@pivot/core/internal";
import pkg from "../package.json" with { type: "json" };

/** Content hash of each pipeline file imported by this process, to re-import an edited one. */
const imported = new Map<string, string>();

/** Project paths instead of absolute ones in a message from the pipeline API. */
function relativize(text: string, projectRoot: string): string {
  return text.replaceAll(`${projectRoot}/`, "");
}

/**
 * The package the project's own code imports but cannot find (Bun's ResolveMessage for a bare
 * specifier), if that is what failed; not one an installed package is missing.
 */
function missingPackageOf(error: unknown): string | undefined {
  const { name, specifier, referrer } = (typeof error === "object" && error !== null ? error : {}) as { name?: unknown; specifier?: unknown; referrer?: unknown };
  if (name !== "ResolveMessage" || typeof specifier !== "string" || /^([./#]|[a-z]+:)/.test(specifier)) return undefined;
  if (typeof referrer === "string" && referrer.includes("/node_modules/")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * What to do about a pipeline that failed to load. A missing @pivot/core is pinned to this
 * plugin's version (every pivot package shares one), so the project gets the CLI's own copy.
 */
function loadFailureHint(error: unknown, detail: string | undefined, rel: string): string {
  const missing = missingPackageOf(error);
  if (missing) {
    const spec = missing === "@pivot/core" ? `${missing}@${pkg.version}` : missing;
    return `Add it to the project: \`bun add -d ${spec}\`.`;
  }
  return `${detail ? `${detail}. ` : ""}Fix the error; \`bun ${rel}\` shows it with the full stack.`;
}

/**
 * Imports a pipeline.ts in this process. An edited file is imported again under a new URL (a
 * long-running process sees the new stages; modules it imports keep their first version).
 */
export async function importPipelineModule(file: string, projectRoot: string): Promise<Record<string, unknown>> {
  const rel = toProjectPath(projectRoot, file);
  let specifier = file;
  try {
    const hash = Bun.hash.xxHash64(readFileSync(file)).toString(16);
    const previous = imported.get(file);
    if (previous !== undefined && previous !== hash) specifier = `${file}?pivot=${hash}`;
    imported.set(file, previous ?? hash);
  } catch (error) {
    throw new PivotError("PIPELINE_NOT_FOUND", `Cannot read ${rel}: ${errorMessage(error)}`, { hint: "Check that the pipeline file exists and is readable." });
  }
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof PivotError) {
      throw new PivotError(error.code, `${rel}: ${relativize(error.message, projectRoot)}`, { ...(error.hint ? { hint: error.hint } : {}), cause: error });
    }
    const failure = describeFailure(error, projectRoot);
    throw new PivotError("PIPELINE_INVALID", `${rel} failed to load: ${failure.error}`, { hint: loadFailureHint(error, failure.detail, rel), cause: error });
  }
}
