import { afterAll, describe, expect, test } from "bun:test";
import { loadError, loadPipeline, makeProject, removeProjects } from "./project-test-support";

afterAll(removeProjects);

const stage = (body: string) => `stages:\n  train:\n    cmd: x\n${body}`;

describe("stage executor and resources", () => {
  test("executor and resources are read into the stage, memory and time as written", async () => {
    const pipeline = await loadPipeline(makeProject({
      "pivot.yaml": stage("    executor: slurm\n    resources: {cpus: 4, mem: 8G, time: '2:00:00', gpus: 'a100:1', partition: gpu, account: lab, qos: high, extra: [--constraint=avx2]}\n"),
    }));
    const train = pipeline.stages[0]!;
    expect(train.executor).toBe("slurm");
    expect(train.resources).toEqual({ cpus: 4, mem: "8G", time: "2:00:00", gpus: "a100:1", partition: "gpu", account: "lab", qos: "high", extra: ["--constraint=avx2"] });
  });

  test("resources interpolate matrix values", async () => {
    const pipeline = await loadPipeline(makeProject({ "pivot.yaml": stage("    matrix: {size: [1, 2]}\n    resources: {cpus: '${size}', mem: '${size}G'}\n") }));
    expect(pipeline.stages.map((s) => s.resources)).toEqual([{ cpus: 1, mem: "1G" }, { cpus: 2, mem: "2G" }]);
  });

  test("an unknown resources key names file, line, stage and the close key", async () => {
    const error = await loadError({ "pivot.yaml": stage("    resources:\n      mme: 4G\n") });
    expect(error.message).toBe("pivot.yaml:5: stage 'train': unknown resources key 'mme'");
    expect(error.hint).toContain("Did you mean 'mem'");
  });

  test("a malformed memory amount is an error naming the stage and the value", async () => {
    const error = await loadError({ "pivot.yaml": stage("    resources: {mem: lots}\n") });
    expect(error.message).toBe("pivot.yaml:4: stage 'train': resources.mem must be an amount of memory such as 512M, 4G or 1T, got 'lots'");
  });

  test("a malformed time limit is an error naming the stage and the value", async () => {
    const error = await loadError({ "pivot.yaml": stage("    resources: {time: 2h}\n") });
    expect(error.message).toContain("stage 'train': resources.time must be a time limit");
    expect(error.message).toContain("got '2h'");
  });

  test("cpus must be a whole number", async () => {
    const error = await loadError({ "pivot.yaml": stage("    resources: {cpus: 0}\n") });
    expect(error.message).toContain("resources.cpus must be a whole number of at least 1, got 0");
  });
});
