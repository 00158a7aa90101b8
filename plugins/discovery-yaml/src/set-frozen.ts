import { readFileSync } from "node:fs";
import { PivotError, writeFileAtomic } from "@pivot/core/internal";
import type { Pair, YAMLMap } from "yaml";

/** Offset of the start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/**
 * Offset just past the line break ending the line where the node ending at `offset` ends (a node's
 * range may run on past its own line break, e.g. a block list's).
 */
function nextLineStart(text: string, offset: number): number {
  let last = offset;
  while (last > 0 && /\s/.test(text[last - 1]!)) last--;
  const end = text.indexOf("\n", last);
  return end === -1 ? text.length : end + 1;
}

/** The text with `frozen: true` added to (or the `frozen` entry removed from) a block-style stage map. */
function editBlockMap(text: string, stage: YAMLMap, frozen: boolean): string {
  const items = stage.items as Pair<{ value?: unknown; range?: [number, number, number] }, { range?: [number, number, number] } | null>[];
  const entry = items.find((pair) => pair.key?.value === "frozen");
  if (!frozen) {
    const start = lineStart(text, entry!.key!.range![0]);
    const end = nextLineStart(text, entry!.value?.range?.[1] ?? entry!.key!.range![1]);
    return text.slice(0, start) + text.slice(end);
  }
  if (entry?.value?.range) {
    const [start, end] = entry.value.range;
    return `${text.slice(0, start)}true${text.slice(end)}`;
  }
  const firstKey = items[0]!.key!.range![0];
  const indent = " ".repeat(firstKey - lineStart(text, firstKey));
  const last = items[items.length - 1]!;
  const at = nextLineStart(text, last.value?.range?.[1] ?? last.key!.range![1]);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const before = text.slice(0, at);
  return `${before}${before.endsWith("\n") ? "" : eol}${indent}frozen: true${eol}${text.slice(at)}`;
}

/**
 * Sets or removes `frozen: true` on the stage declared under `stages.<key>` of a pivot.yaml. A
 * block-style stage is edited as text (one line added, changed or removed; comments and layout
 * untouched); a flow-style one (`train: {cmd: …}`) is rewritten through the YAML document, comments
 * kept. Written atomically. Returns false when the stage was already in that state.
 */
export async function setFrozenInYaml(file: string, key: string, frozen: boolean): Promise<boolean> {
  const { isMap, parseDocument } = await import("yaml");
  const text = readFileSync(file, "utf8");
  const doc = parseDocument(text);
  const stage = doc.getIn(["stages", key], true);
  if (!isMap(stage)) {
    throw new PivotError("PIPELINE_INVALID", `${file}: stage '${key}' is not written as a map under \`stages:\` (an alias or merge?)`, {
      hint: `Add \`frozen: ${frozen}\` to the stage by hand.`,
    });
  }
  const current = stage.get("frozen");
  if (frozen ? current === true : current === undefined) return false;
  if (!stage.flow && stage.items.length > 0) {
    writeFileAtomic(file, editBlockMap(text, stage, frozen));
    return true;
  }
  if (frozen) stage.set("frozen", true);
  else stage.delete("frozen");
  writeFileAtomic(file, doc.toString({ flowCollectionPadding: false }));
  return true;
}
