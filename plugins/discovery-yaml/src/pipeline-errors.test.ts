import { afterAll, describe, expect, test } from "bun:test";
import { loadError, removeProjects } from "./project-test-support";

afterAll(removeProjects);

const stage = (body: string) => `stages:\n  train:\n${body}`;

describe("pipeline file errors", () => {
  test("an unknown top-level key names the file and line, with did-you-mean", async () => {
    const error = await loadError({ "pivot.yaml": "stagse:\n  a:\n    cmd: x\n" });
    expect(error.code).toBe("PIPELINE_INVALID");
    expect(error.message).toBe("pivot.yaml:1: unknown top-level key 'stagse'");
    expect(error.hint).toContain("Did you mean 'stages'?");
  });

  test("an unknown stage key names the file, stage and key, suggesting 'deps' for 'dep'", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    dep: [a.txt]\n") });
    expect(error.message).toBe("pivot.yaml:4: stage 'train': unknown stage key 'dep'");
    expect(error.hint).toStartWith("Did you mean 'deps'");
  });

  test("an unknown key in an out entry is reported with did-you-mean", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    outs: [{path: a, cahce: false}]\n") });
    expect(error.message).toContain("stage 'train': unknown outs entry key 'cahce'");
    expect(error.hint).toContain("Did you mean 'cache'?");
  });

  test("a stage without cmd or run", async () => {
    const error = await loadError({ "pivot.yaml": stage("    deps: [a.txt]\n") });
    expect(error.message).toBe("pivot.yaml:2: stage 'train': has no 'cmd' (or 'run')");
    expect(error.hint).toContain("cmd:");
  });

  test("a stage with both cmd and run", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    run: s.ts#f\n") });
    expect(error.message).toBe("pivot.yaml:4: stage 'train': has both 'cmd' and 'run'");
  });

  test("run without #export", async () => {
    const error = await loadError({ "pivot.yaml": stage("    run: stages.ts\n") });
    expect(error.message).toContain("stage 'train': run 'stages.ts' has no '#<export>'");
  });

  test("an out that is neither a path nor a map", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    outs: [a.txt, 42]\n") });
    expect(error.message).toBe("pivot.yaml:4: stage 'train': outs item 2 must be a path or a map {path, cache, persist}, got a number");
  });

  test("deps that are not a list", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    deps: prepare.py\n") });
    expect(error.message).toBe("pivot.yaml:4: stage 'train': deps must be a list of paths, got a string");
  });

  test("an out map without a path", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    outs: [{cache: false}]\n") });
    expect(error.message).toContain("stage 'train': outs item 1 has no 'path'");
  });

  test("a dep whose '..' leaves the project names the folder it resolves to", async () => {
    const error = await loadError({ "sub/pivot.yaml": stage("    cmd: x\n    deps: [../../raw.csv]\n") }, "sub/pivot.yaml");
    expect(error.code).toBe("PATH_INVALID");
    expect(error.message).toMatch(/^sub\/pivot\.yaml:4: stage 'train': dep path '\.\.\/\.\.\/raw\.csv' resolves to \/.+\/raw\.csv, outside the project \/.+$/);
  });

  test("an absolute out outside the project suggests the project-root spellings", async () => {
    const error = await loadError({ "sub/pivot.yaml": stage("    cmd: x\n    outs: [/data/outside.txt]\n") }, "sub/pivot.yaml");
    expect(error.code).toBe("PATH_INVALID");
    expect(error.message).toContain("sub/pivot.yaml:4: stage 'train': out path '/data/outside.txt' is an absolute path outside the project");
    expect(error.hint).toContain("write //data/outside.txt or ../data/outside.txt");
  });

  test("a vars file leaving the project names the pipeline file", async () => {
    const error = await loadError({ "pivot.yaml": `vars: [../vars.yaml]\n${stage("    cmd: x\n")}` });
    expect(error.code).toBe("PATH_INVALID");
    expect(error.message).toContain("pivot.yaml:1: vars file path '../vars.yaml' resolves to");
  });

  test("a NUL byte in a path", async () => {
    const error = await loadError({ "pivot.yaml": stage('    cmd: x\n    deps: ["data\\0.csv"]\n') });
    expect(error.code).toBe("PATH_INVALID");
    expect(error.message).toContain("stage 'train': dep path");
    expect(error.message).toContain("NUL");
  });

  test("an invalid stage name", async () => {
    for (const name of ["train@v1", "bad name", "a/b"]) {
      const error = await loadError({ "pivot.yaml": `stages:\n  ${name}:\n    cmd: x\n` });
      expect(error.code).toBe("STAGE_NAME_INVALID");
      expect(error.message).toBe(`pivot.yaml:2: stage '${name}': invalid stage name`);
    }
  });

  test("an unresolved variable names the stage variant, the string and the variable", async () => {
    const error = await loadError({
      "pivot.yaml": stage("    matrix: {model: [small]}\n    cmd: x\n    outs:\n      - models/${modle}.bin\n"),
    });
    expect(error.message).toBe(`pivot.yaml:6: stage 'train@small': unresolved variable 'modle' in outs item 1 "models/\${modle}.bin"`);
    expect(error.hint).toContain("Did you mean 'model'?");
  });

  test("an empty matrix dimension", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    matrix:\n      model: []\n") });
    expect(error.message).toBe("pivot.yaml:5: stage 'train': matrix dimension 'model' is empty");
  });

  test("an invalid matrix dimension name", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    matrix: {my-dim: [a]}\n") });
    expect(error.message).toContain("stage 'train': matrix dimension 'my-dim' is not a valid name");
  });

  test("two matrix combinations with the same variant name", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    matrix: {v: [a b, a_b]}\n") });
    expect(error.message).toContain("pivot.yaml:4: stage 'train': matrix values");
    expect(error.message).toContain("both expand to stage 'train@a_b'");
  });

  test("a missing vars file", async () => {
    const error = await loadError({ "sub/pivot.yaml": `vars: [vars.yaml]\n${stage("    cmd: x\n")}` }, "sub/pivot.yaml");
    expect(error.message).toBe("sub/pivot.yaml:1: vars file 'vars.yaml' not found (looked for sub/vars.yaml)");
  });

  test("a YAML syntax error reports file:line:col", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    deps: [a.txt\n    outs: [b]\n") });
    expect(error.code).toBe("PIPELINE_INVALID");
    expect(error.message).toMatch(/^pivot\.yaml:5:\d+: YAML syntax error: /);
  });

  test("a YAML syntax error in a vars file names that file", async () => {
    const error = await loadError({ "pivot.yaml": `vars: [v.yaml]\n${stage("    cmd: x\n")}`, "v.yaml": "a: [1\nb: 2\n" });
    expect(error.message).toMatch(/^v\.yaml:2:\d+: YAML syntax error/);
  });

  test("an unquoted ${…} inside a flow list gets a quoting hint", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    matrix: {m: [a]}\n    outs: [models/${m}.bin]\n") });
    expect(error.message).toStartWith("pivot.yaml:5:");
    expect(error.hint).toContain("quote values that contain ${...}");
  });

  test("a duplicate stage is a YAML error with its line", async () => {
    const error = await loadError({ "pivot.yaml": "stages:\n  a:\n    cmd: x\n  a:\n    cmd: y\n" });
    expect(error.message).toStartWith("pivot.yaml:4:3: YAML syntax error: Map keys must be unique");
  });

  test("an empty file, a non-map root, missing and empty stages", async () => {
    expect((await loadError({ "pivot.yaml": "# nothing\n" })).message).toBe("pivot.yaml: is empty");
    expect((await loadError({ "pivot.yaml": "- a\n" })).message).toBe("pivot.yaml:1: must be a map with a 'stages' key, got a list");
    expect((await loadError({ "pivot.yaml": "name: x\n" })).message).toBe("pivot.yaml:1: has no stages");
    expect((await loadError({ "pivot.yaml": "stages: {}\n" })).message).toBe("pivot.yaml:1: stages is empty");
    expect((await loadError({ "pivot.yaml": "stages:\n  a:\n" })).message).toBe("pivot.yaml:2: stage 'a': is empty");
  });

  test("wrong scalar types name the key", async () => {
    const cases: [string, string][] = [
      ["    cmd: x\n    always_changed: yes\n", "always_changed must be true or false, got a string"],
      ["    cmd: []\n", "cmd must be a command or a list of commands, got an empty list"],
      ["    cmd: x\n    mutex: gpu\n", "mutex must be a list of group names, got a string"],
      ["    cmd: x\n    params: [{p.yaml: a}]\n", "params item 1 'p.yaml' must list keys, got a string"],
      ["    cmd: x\n    plots: [{path: p.csv, template: pie}]\n", "plots item 1 template 'pie' is not one of line, scatter, bar"],
      ["    cmd: x\n    outs: [{path: a, persist: 1}]\n", "outs item 1 persist must be true or false, got a number"],
    ];
    for (const [body, what] of cases) {
      const error = await loadError({ "pivot.yaml": stage(body) });
      expect(error.message).toContain(`pivot.yaml:`);
      expect(error.message).toContain(`stage 'train': ${what}`);
    }
  });

  test("an output declared twice in one stage", async () => {
    const error = await loadError({ "pivot.yaml": stage("    cmd: x\n    outs: [m.json]\n    metrics: [m.json]\n") });
    expect(error.message).toBe("pivot.yaml:2: stage 'train': declares the output 'm.json' twice");
  });
});
