import { describe, expect, test } from "bun:test";
import { flattenConfig, parseConfigValue, validateConfigValue } from "./config";

describe("config values", () => {
  test("nested maps flatten into dotted keys; lists stay leaves", () => {
    expect(flattenConfig({ cache: { dir: "x", link: ["copy"] }, remotes: { s3: { url: "s3://b" } } })).toEqual({
      "cache.dir": "x",
      "cache.link": ["copy"],
      "remotes.s3.url": "s3://b",
    });
  });

  test("command-line values are parsed by the key's kind", () => {
    expect(parseConfigValue("core.jobs", "4")).toBe(4);
    expect(parseConfigValue("core.fsync", "true")).toBe(true);
    expect(parseConfigValue("cache.link", "hardlink, copy")).toEqual(["hardlink", "copy"]);
  });

  test("unknown keys suggest the closest one; bad values name the key and what is expected", () => {
    expect(() => validateConfigValue("cache.lnk", ["copy"], "config.yaml")).toThrow(/config.yaml: unknown config key 'cache.lnk'/);
    expect(() => validateConfigValue("core.jobs", 0, "config.yaml")).toThrow(/'core.jobs' must be at least 1/);
    expect(() => validateConfigValue("cache.link", ["teleport"], "config.yaml")).toThrow(/has 'teleport'/);
    expect(() => validateConfigValue("remotes.origin.url", "s3://bucket", "config.yaml")).not.toThrow();
  });
});

describe("executor and resources config", () => {
  test("resources.* defaults are checked like a stage's resources; executor settings are free scalars", () => {
    expect(() => validateConfigValue("resources.mem", "4G", "config.yaml")).not.toThrow();
    expect(() => validateConfigValue("resources.mem", "four", "config.yaml")).toThrow(/'resources.mem' must be an amount of memory/);
    expect(() => validateConfigValue("resources.time", "1h", "config.yaml")).toThrow(/'resources.time' must be a time limit/);
    expect(() => validateConfigValue("resources.memory", "4G", "config.yaml")).toThrow(/unknown config key 'resources.memory'/);
    expect(() => validateConfigValue("executors.slurm.outputWaitMs", 30000, "config.yaml")).not.toThrow();
    expect(parseConfigValue("resources.cpus", "4")).toBe(4);
  });
});
