import { resolveDeclaredPath } from "@pivot/core/internal";
import { type VarScope, interpolate } from "./interpolate";
import type { YamlPath } from "./yaml-document";
import { type Where, describeWhere } from "./yaml-errors";

/** Everything a stage field parser needs: where the stage is, its variables, and path rules. */
export interface StageContext {
  projectRoot: string;
  /** Project-relative pipeline folder; stage paths are relative to it. */
  pipelineDir: string;
  /** Project-relative params file used by plain `params:` keys. */
  defaultParamsFile: string;
  /** Stage name, with the matrix suffix for a variant. */
  stage: string;
  scope: VarScope;
  /** Where a value inside the stage was written (`path` relative to the stage's map). */
  where(path?: YamlPath): Where;
  /** `value` with `${…}` interpolated; `field` names it in errors ("cmd", "deps item 2"). */
  text(value: string, path: YamlPath, field: string): string;
  /** An interpolated, resolved project-relative path (see `resolveDeclaredPath`). */
  path(raw: string, path: YamlPath, role: string, field: string): ResolvedPath;
  /** An already interpolated path, resolved project-relative. */
  resolvePath(text: string, path: YamlPath, role: string): ResolvedPath;
}

export interface ResolvedPath {
  path: string;
  trailingSlash: boolean;
}

export interface StageContextInput {
  projectRoot: string;
  pipelineDir: string;
  defaultParamsFile: string;
  /** Project-relative pipeline file. */
  file: string;
  stage: string;
  scope: VarScope;
  /** Line lookup for a path inside the stage's map. */
  lineOf(path: YamlPath): number | undefined;
}

export function createStageContext(input: StageContextInput): StageContext {
  // The line is looked up only when a message reads it: most values are never refused.
  const where = (path: YamlPath = []): Where => ({
    file: input.file,
    stage: input.stage,
    get line() {
      return input.lineOf(path);
    },
  });
  const text = (value: string, path: YamlPath, field: string) => interpolate(value, input.scope, where(path), field);
  const resolvePath = (value: string, path: YamlPath, role: string) => {
    const at = where(path);
    return resolveDeclaredPath(input.projectRoot, input.pipelineDir, value, {
      role,
      get where() {
        return describeWhere(at);
      },
    });
  };
  return {
    projectRoot: input.projectRoot,
    pipelineDir: input.pipelineDir,
    defaultParamsFile: input.defaultParamsFile,
    stage: input.stage,
    scope: input.scope,
    where,
    text,
    resolvePath,
    path: (raw, path, role, field) => resolvePath(text(raw, path, field), path, role),
  };
}
