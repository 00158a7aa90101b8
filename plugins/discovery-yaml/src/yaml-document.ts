import type { Node, Pair, YAMLMap } from "yaml";
import { parseSimpleYaml } from "./simple-yaml";
import { yamlSyntaxError } from "./yaml-errors";

/** A key path into a parsed document: map keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML file: its plain value, and a way back from a value to its line. */
export interface YamlSource {
  /** The document as plain JS (maps → objects, in file order; `<<` merge keys applied). */
  data: unknown;
  /**
   * 1-based line of the value at `path`: the line of the key when the last step is a map key,
   * of the item when it is a list index. Falls back to the nearest ancestor that has a position
   * (values brought in by an alias or a merge key report the line that uses them).
   */
  lineOf(path: YamlPath): number | undefined;
}

/**
 * Parses YAML (or JSON) text; a syntax error throws PIPELINE_INVALID with `file:line:col`. Plain
 * block YAML takes a fast path (simple-yaml.ts) with the same result; everything else, and every
 * error, goes through the `yaml` package (loaded only then).
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  return parseSimpleYaml(text) ?? parseWithYamlPackage(text, file);
}

/** The `yaml` package path, for everything the fast path leaves (exported for its tests). */
export function parseWithYamlPackage(text: string, file: string): YamlSource {
  const { LineCounter, isMap, isScalar, isSeq, parseDocument } = require("yaml") as typeof import("yaml");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: true, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) throw yamlSyntaxError(file, firstError, text);

  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);

  // Pairs of each map by key, built on first lookup: a lineOf per stage stays O(1), not O(stages).
  const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  function pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = pairIndexes.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        // the first pair wins, as a linear search would find it (duplicate keys are an error anyway)
        if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      }
      pairIndexes.set(map, index);
    }
    return index.get(key);
  }

  function lineOf(path: YamlPath): number | undefined {
    let node: unknown = doc.contents;
    let line = lineAt((node as Node | null)?.range?.[0]);
    for (const step of path) {
      if (isMap(node)) {
        const pair = pairOf(node, String(step));
        if (!pair) return line;
        line = lineAt((pair.key as Node).range?.[0]) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof step === "number") {
        node = node.items[step];
        line = lineAt((node as Node | undefined)?.range?.[0]) ?? line;
      } else {
        return line;
      }
    }
    return line;
  }

  return { data: doc.toJS({ maxAliasCount: 1000 }), lineOf };
}
