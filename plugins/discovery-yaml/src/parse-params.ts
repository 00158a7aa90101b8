import type { ParamsRef } from "@pivot/core/internal";
import type { StageContext } from "./stage-context";
import { isPlainMap, stageList, stageString } from "./value-checks";
import { describeType, pipelineError } from "./yaml-errors";

const EXAMPLE = "[train.lr, {custom.yaml: [a, b.c]}]";

/**
 * Parses a stage's `params`: a string is a dotted key of the pipeline's default params file; a map
 * `{file: [keys]}` names keys of another file (relative to the pipeline folder; an empty or null
 * key list means the whole file). References to the same file are merged, in first-seen order.
 * The params files themselves are not read here.
 */
export function parseParams(ctx: StageContext, value: unknown): ParamsRef[] {
  const refs = new Map<string, { keys: string[]; wholeFile: boolean }>();
  const add = (file: string, keys: string[]) => {
    const ref = refs.get(file) ?? { keys: [], wholeFile: false };
    if (keys.length === 0) ref.wholeFile = true;
    for (const key of keys) if (!ref.keys.includes(key)) ref.keys.push(key);
    refs.set(file, ref);
  };

  for (const [index, item] of stageList(ctx, "params", value, "keys or maps {file: [keys]}", EXAMPLE).entries()) {
    const field = `params item ${index + 1}`;
    if (typeof item === "string") {
      add(ctx.defaultParamsFile, [stageString(ctx, ["params", index], field, item, "params: [train.lr]")]);
    } else if (isPlainMap(item)) {
      for (const [rawFile, keys] of Object.entries(item)) {
        const at = ["params", index, rawFile];
        const file = ctx.path(rawFile, at, "params file", field).path;
        add(file, paramKeys(ctx, at, `${field} '${rawFile}'`, keys));
      }
    } else {
      throw pipelineError(
        ctx.where(["params", index]),
        `${field} must be a key or a map {file: [keys]}, got ${describeType(item)}`,
        `Write params: ${EXAMPLE}.`,
      );
    }
  }
  return [...refs].map(([file, ref]) => ({ file, keys: ref.wholeFile ? [] : ref.keys }));
}

function paramKeys(ctx: StageContext, at: (string | number)[], field: string, keys: unknown): string[] {
  if (keys === null || keys === undefined) return [];
  if (!Array.isArray(keys)) {
    throw pipelineError(
      ctx.where(at),
      `${field} must list keys, got ${describeType(keys)}`,
      "Write {custom.yaml: [a, b.c]}, or {custom.yaml: []} for the whole file.",
    );
  }
  return keys.map((key, index) => stageString(ctx, [...at, index], `${field} key ${index + 1}`, key, "a dotted key such as train.lr"));
}
