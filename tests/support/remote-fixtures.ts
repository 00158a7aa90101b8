import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type TestProject, makeProject } from "./project";

/**
 * gen → data/ (a folder with text and binary files) + one.txt; upper: one.txt → two.txt;
 * scale: input.txt → scaled.txt (for run-cache tests). Every command logs to ran.log (undeclared),
 * so a test can tell whether a stage actually ran.
 */
export const REMOTE_PIPELINE = `stages:
  gen:
    cmd: mkdir -p data/sub && printf 'alpha\\n' > data/a.txt && printf 'b\\000\\001\\377' > data/sub/b.bin && echo one > one.txt && echo gen >> ran.log
    outs: [data/, one.txt]
  upper:
    cmd: tr a-z A-Z < one.txt > two.txt && echo upper >> ran.log
    deps: [one.txt]
    outs: [two.txt]
  scale:
    cmd: sed 's/x/xx/g' input.txt > scaled.txt && echo scale >> ran.log
    deps: [input.txt]
    outs: [scaled.txt]
`;

/** A project with the remote pipeline and a config naming `remoteUrl` as the default remote. */
export function makeRemoteProject(remoteUrl: string, extraConfig = ""): TestProject {
  return makeProject({
    "pivot.yaml": REMOTE_PIPELINE,
    "input.txt": "x\n",
    ".pivot/config.yaml": `remotes:\n  origin:\n    url: ${JSON.stringify(remoteUrl)}\n${extraConfig}remote:\n  default: origin\n`,
  });
}

/** What git would carry to another machine: pipeline, inputs, config and lock files — no cache, no state DB, no outputs. */
export function cloneProject(source: TestProject): TestProject {
  const clone = makeProject({});
  for (const file of ["pivot.yaml", "input.txt", ".pivot/config.yaml"]) {
    if (existsSync(source.path(file))) clone.write(file, readFileSync(source.path(file), "utf8"));
  }
  mkdirSync(clone.path(".pivot/stages"), { recursive: true });
  cpSync(source.path(".pivot/stages"), clone.path(".pivot/stages"), { recursive: true, filter: (src) => !src.endsWith(".running") });
  return clone;
}

/** Object names in a cache or local remote folder (`<root>/files/xx/yyy` → `xxyyy`). */
export function objectsIn(root: string): string[] {
  const files = join(root, "files");
  if (!existsSync(files)) return [];
  return readdirSync(files)
    .filter((shard) => /^[0-9a-f]{2}$/.test(shard))
    .flatMap((shard) => readdirSync(join(files, shard)).filter((name) => !name.startsWith(".")).map((name) => `${shard}${name}`))
    .sort();
}

/** Objects in a project's local cache. */
export function cachedObjects(project: TestProject): string[] {
  return objectsIn(project.path(".pivot/cache"));
}

/** Hashes recorded for a stage's outputs in its lock file (files and `.dir`). */
export function lockedHashes(project: TestProject, stage: string): string[] {
  const text = readFileSync(project.path(`.pivot/stages/${stage}.lock`), "utf8");
  const outs = text.slice(text.indexOf("outs:"));
  return [...outs.matchAll(/hash: "([0-9a-f]{32}(?:\.dir)?)"/g)].map((m) => m[1]!);
}
