import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
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

/** Parses YAML (or JSON) text; a syntax error throws PIPELINE_INVALID with `file:line:col`. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: true, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) throw yamlSyntaxError(file, firstError, text);

  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);

  function lineOf(path: YamlPath): number | undefined {
    let node: unknown = doc.contents;
    let line = lineAt((node as Node | null)?.range?.[0]);
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(step));
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
