import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { hasStackTrace, makeProject } from "../support/project";

const CORE = resolve(import.meta.dir, "../../packages/core/src/plugin.ts");

/** A plugin module that adds `pivot hello [name]`. */
function helloPlugin(name: string): string {
  return `import { definePlugin } from ${JSON.stringify(CORE)};
export default definePlugin({
  name: ${JSON.stringify(name)},
  version: "1.0.0",
  api: "^1.0.0",
  commands: {
    hello: {
      description: "Say hello from a plugin",
      load: async () => ({
        meta: { name: "hello", description: "Say hello from a plugin" },
        args: { who: { type: "positional", required: false } },
        run: ({ args }) => console.log("hello, " + (args.who ?? "world") + " from ${name}"),
      }),
    },
  },
});
`;
}

describe("third-party plugins", () => {
  test("a package from the project's node_modules adds a command shown in --help that runs", async () => {
    const project = makeProject({
      ".pivot/config.yaml": "plugins: [pivot-plugin-hello]\n",
      "node_modules/pivot-plugin-hello/package.json": JSON.stringify({ name: "pivot-plugin-hello", type: "module", main: "index.ts" }),
      "node_modules/pivot-plugin-hello/index.ts": helloPlugin("pivot-plugin-hello"),
    });
    const help = await project.pivot("--help");
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/hello\s+Say hello from a plugin/);
    const run = await project.pivot("hello", "pivot");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("hello, pivot from pivot-plugin-hello");
  });

  test("a local plugin file given by relative path works too", async () => {
    const project = makeProject({ ".pivot/config.yaml": "plugins: [./tools/hello-plugin.ts]\n", "tools/hello-plugin.ts": helloPlugin("local-hello") });
    const run = await project.pivot("hello");
    expect(run.stdout).toContain("hello, world from local-hello");
  });

  test("a missing plugin is an error naming it", async () => {
    const result = await makeProject({ ".pivot/config.yaml": "plugins: [pivot-plugin-nope]\n" }).pivot("--help");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("pivot-plugin-nope");
    expect(result.stderr).toContain("bun add");
    expect(hasStackTrace(result.output)).toBe(false);
  });

  test("a plugin that throws on import is an error naming it", async () => {
    const project = makeProject({ ".pivot/config.yaml": "plugins: [./broken.ts]\n", "broken.ts": "throw new Error('kaboom');\n" });
    const result = await project.pivot("--help");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("./broken.ts");
    expect(result.stderr).toContain("kaboom");
  });

  test("a module without a plugin export is an error naming it", async () => {
    const project = makeProject({ ".pivot/config.yaml": "plugins: [./empty.ts]\n", "empty.ts": "export const x = 1;\n" });
    const result = await project.pivot("--help");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("./empty.ts");
    expect(result.stderr).toContain("definePlugin");
  });

  test("a plugin command that fails is reported with the plugin's name", async () => {
    const project = makeProject({
      ".pivot/config.yaml": "plugins: [./bad-command.ts]\n",
      "bad-command.ts": `import { definePlugin } from ${JSON.stringify(CORE)};
export default definePlugin({ name: "bad-command", version: "1.0.0", api: "^1.0.0", commands: { oops: { description: "Fails", load: async () => { throw new Error("cannot load"); } } } });
`,
    });
    const result = await project.pivot("oops");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("bad-command");
    expect(result.stderr).toContain("cannot load");
  });
});
