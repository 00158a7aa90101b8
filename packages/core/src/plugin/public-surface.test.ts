import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pluginApi from "../plugin";

const ENTRY = readFileSync(join(import.meta.dir, "../plugin.ts"), "utf8");
const DOCS = readFileSync(join(import.meta.dir, "../../../../docs/plugins.md"), "utf8");

/** Every name the plugin entry exports, types included, read from its source. */
function exportedNames(): string[] {
  const names = new Set<string>();
  for (const [, list] of ENTRY.matchAll(/export (?:type )?\{([^}]+)\}/g)) {
    for (const item of list!.split(",")) names.add(item.trim().replace(/^type /, "").split(/\s+as\s+/).pop()!);
  }
  for (const [, name] of ENTRY.matchAll(/export (?:async )?(?:function|const|class) (\w+)/g)) names.add(name!);
  names.delete("");
  return [...names].sort();
}

test("every name of @pivot/core/plugin is documented in docs/plugins.md", () => {
  const names = exportedNames();
  expect(names.length).toBeGreaterThan(50);
  const undocumented = names.filter((name) => !new RegExp(`\`${name}[\`(<]`).test(DOCS));
  expect(undocumented).toEqual([]);
});

test("the names read from the source are the module's runtime exports (plus types)", () => {
  const runtime = Object.keys(pluginApi).sort();
  expect(runtime.every((name) => exportedNames().includes(name))).toBe(true);
  expect(runtime).toContain("definePlugin");
  expect(runtime).toContain("withProject");
  expect(runtime).not.toContain("openProject"); // internals stay out
  expect(runtime).not.toContain("PluginRegistry");
});

test("importing the plugin API loads no engine code", async () => {
  const probe = Bun.spawnSync(["bun", "-e", `await import(${JSON.stringify(join(import.meta.dir, "../plugin.ts"))}); console.log(Object.keys(require.cache).filter((f) => /\\/(engine|graph|cache|executor|state)\\/|hash-file|hash-wasm|oxc-parser|yaml/.test(f)).length)`]);
  expect(probe.stdout.toString().trim()).toBe("0");
});
