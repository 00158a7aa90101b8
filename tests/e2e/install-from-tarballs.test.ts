import { beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, lstatSync, readFileSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type PackedPackage, REPO_ROOT, readWorkspacePackages } from "../../scripts/pack-packages";
import { type InstalledProject, filesUnder, installProject, leaksAbove, packWorkspace } from "../support/installed-project";
import { hasStackTrace } from "../support/project";

// pivot as users get it: every workspace package packed once for this file, then `bun add`-ed to
// new projects outside the repository and run with `bunx pivot`. See tests/support/installed-project.ts.

const workspace = readWorkspacePackages();
const VERSION = workspace[0]!.manifest.version;
const CMD_PIPELINE = `stages:
  upper:
    cmd: tr a-z A-Z < in.txt > out.txt
    deps: [in.txt]
    outs: [out.txt]
`;
const TS_PIPELINE = `import { Pipeline, loaders as l } from "@pivot/core";
import { countWords } from "./count";

export const pipeline = new Pipeline("words");

pipeline.stage("count", {
  deps: { text: l.text("words.txt") },
  outs: { counts: l.json<Record<string, number>>("counts.json") },
  run: ({ text }) => ({ counts: countWords(text) }),
});
`;
const COUNT_TS = `export function countWords(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const word of text.split(/\\s+/).filter(Boolean)) counts[word] = (counts[word] ?? 0) + 1;
  return counts;
}
`;

/** The compiler options `bun init` writes for a new project. */
const USER_TSCONFIG = {
  lib: ["ESNext"],
  target: "ESNext",
  module: "Preserve",
  moduleDetection: "force",
  jsx: "react-jsx",
  allowJs: true,
  types: ["bun"],
  moduleResolution: "bundler",
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  strict: true,
  skipLibCheck: true,
  noFallthroughCasesInSwitch: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noUnusedLocals: false,
  noUnusedParameters: false,
  noPropertyAccessFromIndexSignature: false,
};

let tarballs: PackedPackage[];
beforeAll(async () => {
  tarballs = await packWorkspace();
});

/** Writes the words pipeline into `dir` (project-relative, "" for the root). */
function writeWordsPipeline(project: InstalledProject, dir: string): void {
  project.write(join(dir, "pipeline.ts"), TS_PIPELINE);
  project.write(join(dir, "count.ts"), COUNT_TS);
  project.write(join(dir, "words.txt"), "to be or not to be\n");
}

/** The real folders of the installed @pivot/* packages, by name. */
function installedPivotPackages(project: InstalledProject): Map<string, string> {
  const scope = project.path("node_modules/@pivot");
  return new Map(readdirSync(scope).map((name) => [`@pivot/${name}`, realpathSync(join(scope, name))]));
}

/** Every file a manifest names as an entry point: main, types, exports targets, bins. */
function entryPoints(manifest: Record<string, unknown>): string[] {
  const targets = (value: unknown): string[] =>
    typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(targets) : [];
  return [manifest.main, manifest.types, manifest.exports, manifest.bin].flatMap(targets);
}

describe("bun add -d @pivot/cli in a new project (bun's default linker)", () => {
  let project: InstalledProject;
  beforeAll(async () => {
    project = await installProject(tarballs, ["@pivot/cli"]);
  });

  test("the project is outside any package: nothing above it that resolution or bun's config could fall back to", () => {
    expect(leaksAbove(project.root)).toEqual([]);
    expect(realpathSync(project.path("node_modules/.bin/pivot")).startsWith(`${realpathSync(project.root)}/`)).toBe(true);
  });

  test("every workspace package is installed at the one version, with exact versions between them", () => {
    const installed = installedPivotPackages(project);
    expect([...installed.keys()].sort()).toEqual(workspace.map((p) => p.manifest.name).sort());
    for (const [name, dir] of installed) {
      const text = readFileSync(join(dir, "package.json"), "utf8");
      const manifest = JSON.parse(text) as { version: string; dependencies?: Record<string, string> };
      expect(text).not.toContain("workspace:");
      expect(`${name}@${manifest.version}`).toBe(`${name}@${VERSION}`);
      const siblings = Object.entries(manifest.dependencies ?? {}).filter(([dep]) => dep.startsWith("@pivot/"));
      expect(siblings.filter(([, range]) => range !== VERSION)).toEqual([]);
    }
  });

  test("each package holds exactly its sources, bins and the hash module: no tests, no test support", () => {
    const installed = installedPivotPackages(project);
    for (const { dir, manifest } of workspace) {
      const installedDir = installed.get(manifest.name)!;
      // .bun-tag is bun's own marker beside an installed package with a bin, not part of the tarball.
      const shipped = filesUnder(installedDir).filter((f) => f !== ".bun-tag");
      const sources = filesUnder(dir).filter((f) => /^(src|bin)\//.test(f) && !/\.test\.ts$|test-support\.ts$/.test(f));
      expect(shipped).toEqual(["package.json", ...sources].sort());
      const testCode = shipped.filter((f) => f.endsWith(".ts") && readFileSync(join(installedDir, f), "utf8").includes('"bun:test"'));
      expect(testCode.map((f) => `${manifest.name}/${f}`)).toEqual([]);
      const packed = JSON.parse(readFileSync(join(installedDir, "package.json"), "utf8")) as Record<string, unknown>;
      const missing = entryPoints(packed).filter((entry) => !existsSync(join(installedDir, entry)));
      expect(missing.map((entry) => `${manifest.name}: ${entry}`)).toEqual([]);
    }
    expect(filesUnder(installed.get("@pivot/core")!)).toContain("src/hash/xxh3-128-simd.wasm");
  });

  test("the installed core hashes with its SIMD WebAssembly module, not the fallback", async () => {
    const hasher = join(installedPivotPackages(project).get("@pivot/core")!, "src/hash/xxh3-simd-hasher.ts");
    const check = await project.run(["bun", "-e", `const m = await import(${JSON.stringify(hasher)}); console.log((await m.createXxh3SimdHasher()) ? "simd" : "fallback");`]);
    expect(check.stdout.trim()).toBe("simd");
  });

  test("bunx pivot init && bunx pivot repro runs a cmd pipeline; a second repro has nothing to do", async () => {
    expect((await project.pivot("--version")).stdout.trim()).toBe(VERSION);
    project.write("pivot.yaml", CMD_PIPELINE);
    project.write("in.txt", "hello\n");
    const init = await project.pivot("init");
    expect(init.exitCode).toBe(0);
    expect(existsSync(project.path(".pivot/config.yaml"))).toBe(true);
    const first = await project.pivot("repro");
    expect(first.exitCode).toBe(0);
    expect(first.output).toContain("1 ran, 0 skipped");
    expect(project.read("out.txt")).toBe("HELLO\n");
    const lock = project.read(".pivot/stages/upper.lock");
    expect(lock).toContain('hash_algorithm: "xxh3-128"');
    expect(lock).toContain('- path: "out.txt"');
    const second = await project.pivot("repro");
    expect(second.exitCode).toBe(0);
    expect(second.output).toContain("0 ran, 1 skipped");
  });

  test("a pipeline.ts importing @pivot/core runs with bunx pivot repro, fingerprinted against the installed core", async () => {
    writeWordsPipeline(project, "words");
    expect((await project.pivotIn("words", "init")).exitCode).toBe(0);
    const first = await project.pivotIn("words", "repro");
    expect(first.output).toContain("1 ran, 0 skipped");
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(project.read("words/counts.json"))).toEqual({ to: 2, be: 2, or: 1, not: 1 });
    // The import resolved to the installed package (recorded with its version), not to local code.
    expect(project.read("words/.pivot/stages/count.lock")).toContain(`"pkg:@pivot/core": "@pivot/core@${VERSION}"`);
    expect((await project.pivotIn("words", "repro")).output).toContain("0 ran, 1 skipped");
    project.write("words/count.ts", COUNT_TS.replace("counts[word] = ", "counts[word.toUpperCase()] = ").replace("counts[word] ?? 0", "counts[word.toUpperCase()] ?? 0"));
    const edited = await project.pivotIn("words", "repro");
    expect(edited.output).toContain("1 ran, 0 skipped");
    expect(JSON.parse(project.read("words/counts.json"))).toEqual({ TO: 2, BE: 2, OR: 1, NOT: 1 });
  });

  test("tsc type-checks a pipeline.ts against the installed core (its types are real, not any)", async () => {
    const installedVersion = (name: string) => (JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    const tools = ["typescript", "@types/bun"].map((name) => `${name}@${installedVersion(name)}`);
    expect((await project.run(["bun", "add", "--dev", "--prefer-offline", ...tools])).exitCode).toBe(0);
    writeWordsPipeline(project, "typed");
    project.write("typed/wrong.ts", 'import { loaders as l } from "@pivot/core";\nexport const count: number = l.json<string[]>("x.json").path;\n');
    project.write("tsconfig.json", JSON.stringify({ compilerOptions: USER_TSCONFIG, include: ["typed"] }));
    const checked = await project.run(["bunx", "tsc", "--noEmit", "-p", "."]);
    const errors = checked.stdout.split("\n").filter((line) => line.includes(": error TS"));
    expect(errors.map((line) => line.replace(/: error (TS\d+).*/, " $1"))).toEqual(["typed/wrong.ts(2,14) TS2322"]);
  }, 120_000); // installing typescript and a cold tsc take seconds on a small machine
});

describe("a plugin package carrying its own copy of @pivot/core (an older version installed beside the CLI's)", () => {
  let project: InstalledProject;
  const PLUGIN = "node_modules/pivot-plugin-stage-list";
  beforeAll(async () => {
    project = await installProject(tarballs, ["@pivot/cli"]);
    // The layout a hoisted install gives a plugin that depends on another @pivot/core version.
    const ownCore = project.path(`${PLUGIN}/node_modules/@pivot/core`);
    cpSync(project.path("node_modules/@pivot/core"), ownCore, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(ownCore, "package.json"), "utf8")) as { version: string };
    writeFileSync(join(ownCore, "package.json"), JSON.stringify({ ...manifest, version: "0.0.1" }));
    project.write(`${PLUGIN}/package.json`, JSON.stringify({ name: "pivot-plugin-stage-list", version: "1.0.0", type: "module", main: "index.ts" }));
    project.write(
      `${PLUGIN}/index.ts`,
      `import { PivotError, defineCommand, definePlugin, print, withProject } from "@pivot/core/plugin";

export default definePlugin({
  name: "pivot-plugin-stage-list",
  version: "1.0.0",
  api: "^1.0.0",
  commands: {
    "stage-list": {
      description: "Print the stages of the pipeline here",
      load: async () => defineCommand({
        meta: { name: "stage-list", description: "Print the stages of the pipeline here" },
        args: { fail: { type: "boolean", description: "Fail with a PivotError" } },
        async run({ args }) {
          if (args.fail) throw new PivotError("USAGE", "stage-list was asked to fail", { hint: "Run it without --fail." });
          await withProject({}, (project) => print(project.stages.map((stage) => stage.id).join(",")));
        },
      }),
    },
  },
});
`,
    );
    project.write("pivot.yaml", "stages:\n  a:\n    cmd: echo a\n  b:\n    cmd: echo b\n");
    expect((await project.pivot("init")).exitCode).toBe(0);
    writeFileSync(project.path(".pivot/config.yaml"), `${project.read(".pivot/config.yaml")}plugins:\n  - pivot-plugin-stage-list\n`);
  });

  test("the plugin really imports a second copy", () => {
    const fromPlugin = realpathSync(Bun.resolveSync("@pivot/core", project.path(PLUGIN)));
    const fromCli = realpathSync(Bun.resolveSync("@pivot/core", realpathSync(project.path("node_modules/@pivot/cli"))));
    expect(fromPlugin).not.toBe(fromCli);
    expect(fromPlugin.startsWith(realpathSync(project.path(PLUGIN)))).toBe(true);
  });

  test("its withProject sees the CLI's registry (one host context, not an empty second one)", async () => {
    const listed = await project.pivot("stage-list");
    expect(listed.stderr).toBe("");
    expect(listed.stdout.trim()).toBe("a,b");
    expect(listed.exitCode).toBe(0);
  });

  test("its PivotError is reported as one: message and hint, no stack trace", async () => {
    const failed = await project.pivot("stage-list", "--fail");
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain("✖ stage-list was asked to fail");
    expect(failed.stderr).toContain("Run it without --fail.");
    expect(hasStackTrace(failed.stderr)).toBe(false);
  });
});

describe("bun's isolated linker (only what package.json declares is importable)", () => {
  let project: InstalledProject;
  beforeAll(async () => {
    project = await installProject(tarballs, ["@pivot/cli"], { linker: "isolated" });
  });

  test("the built-in plugins are found through the CLI's own dependencies", async () => {
    const scope = project.path("node_modules/@pivot");
    expect(readdirSync(scope)).toEqual(["cli"]);
    expect(lstatSync(join(scope, "cli")).isSymbolicLink()).toBe(true);
    const help = await project.pivot("--help");
    expect(help.exitCode).toBe(0);
    for (const command of ["init", "repro", "status", "dag", "push", "plots", "checkout", "doctor"]) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, "m"));
  });

  test("the plots page inlines Chart.js, found from the observe plugin's own dependencies", async () => {
    project.write("charts/pivot.yaml", "stages:\n  curve:\n    cmd: printf 'step,loss\\n0,0.9\\n1,0.4\\n' > loss.csv\n    plots: [{path: loss.csv, x: step, y: loss}]\n");
    expect((await project.pivotIn("charts", "init")).exitCode).toBe(0);
    expect((await project.pivotIn("charts", "repro")).exitCode).toBe(0);
    const shown = await project.pivotIn("charts", "plots", "show", "-o", "plots.html");
    expect(shown.exitCode).toBe(0);
    expect(project.read("charts/plots.html")).toContain("Chart.js v4");
  });

  test("a pipeline.ts needs @pivot/core in package.json: the error says to add it, and once added the pipeline runs on the CLI's copy", async () => {
    writeWordsPipeline(project, "");
    expect((await project.pivot("init")).exitCode).toBe(0);
    const missing = await project.pivot("repro");
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("pipeline.ts failed to load: Cannot find package '@pivot/core' imported from pipeline.ts");
    expect(missing.stderr).toContain(`Add it to the project: \`bun add -d @pivot/core@${VERSION}\`.`);

    const core = tarballs.find((t) => t.name === "@pivot/core")!;
    const add = await project.run(["bun", "add", "--dev", "--prefer-offline", "--linker=isolated", core.tarball]);
    expect(add.exitCode).toBe(0);
    const fromProject = realpathSync(Bun.resolveSync("@pivot/core", project.root));
    const fromCli = realpathSync(Bun.resolveSync("@pivot/core", realpathSync(project.path("node_modules/@pivot/cli"))));
    expect(fromProject).toBe(fromCli);

    const ran = await project.pivot("repro");
    expect(ran.output).toContain("1 ran, 0 skipped");
    expect(ran.exitCode).toBe(0);
    expect(JSON.parse(project.read("counts.json"))).toEqual({ to: 2, be: 2, or: 1, not: 1 });
    expect(project.read(".pivot/stages/count.lock")).toContain(`"pkg:@pivot/core": "@pivot/core@${VERSION}"`);
  });
});
