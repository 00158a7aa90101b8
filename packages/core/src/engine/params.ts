import { existsSync, readFileSync } from "node:fs";
import { yamlErrorPosition } from "../fs/yaml-error-position";
import { PivotError, errorMessage } from "../errors/pivot-error";
import type { LockedParams } from "../lock/lock-data";
import type { Stage } from "../model/pipeline";
import { fromProjectPath } from "../model/paths";

/** Looks up a dotted key (`train.lr`) in a parsed params document. */
function lookup(doc: unknown, key: string): { found: boolean; value?: unknown } {
  let node: unknown = doc;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !(part in (node as object))) return { found: false };
    node = (node as Record<string, unknown>)[part];
  }
  return { found: true, value: node };
}

/** Reads params files once per command and resolves each stage's selected values. */
export class ParamsReader {
  readonly #root: string;
  readonly #files = new Map<string, unknown>();

  constructor(projectRoot: string) {
    this.#root = projectRoot;
  }

  #document(file: string, stage: Stage): unknown {
    if (this.#files.has(file)) return this.#files.get(file);
    const absolute = fromProjectPath(this.#root, file);
    if (!existsSync(absolute)) {
      throw new PivotError("PARAMS_INVALID", `Stage '${stage.id}' reads params from ${file}, which does not exist`, {
        hint: `Create ${file} with the keys the stage lists, or fix \`params:\` in ${stage.source.file}.`,
      });
    }
    let doc: unknown;
    try {
      const text = readFileSync(absolute, "utf8");
      doc = file.endsWith(".json") ? JSON.parse(text) : Bun.YAML.parse(text);
    } catch (error) {
      const at = file.endsWith(".json") ? "" : yamlErrorPosition(absolute);
      throw new PivotError("PARAMS_INVALID", `Cannot parse params file ${file}${at}: ${errorMessage(error)}`, {
        hint: "Fix the file's YAML/JSON syntax.",
      });
    }
    this.#files.set(file, doc ?? {});
    return doc ?? {};
  }

  /** The parameter values a stage depends on, by file then key. Missing keys are errors. */
  paramsOf(stage: Stage): LockedParams {
    const result: LockedParams = {};
    if (stage.paramValues && Object.keys(stage.paramValues).length > 0) result.inline = { ...stage.paramValues };
    for (const ref of stage.params) {
      const doc = this.#document(ref.file, stage);
      const values = (result[ref.file] ??= {});
      if (ref.keys.length === 0) {
        Object.assign(values, doc as object);
        continue;
      }
      for (const key of ref.keys) {
        const { found, value } = lookup(doc, key);
        if (!found) {
          throw new PivotError("PARAMS_INVALID", `Stage '${stage.id}' needs param '${key}', which ${ref.file} does not define`, {
            hint: `Add '${key}' to ${ref.file}, or remove it from \`params:\` of '${stage.name}' in ${stage.source.file}.`,
          });
        }
        values[key] = value;
      }
    }
    return result;
  }
}
