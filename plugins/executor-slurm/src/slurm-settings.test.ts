import { expect, test } from "bun:test";
import { slurmSettings } from "./slurm-settings";

test("defaults, overrides that are numbers ≥ 0, and pollMaxMs never below pollMinMs", () => {
  expect(slurmSettings({})).toEqual({ pollMinMs: 100, pollMaxMs: 2000, exitCheckMs: 50, outputWaitMs: 5000, lostAfterMs: 60_000 });
  expect(slurmSettings({ exitCheckMs: 0, pollMinMs: 3000, lostAfterMs: -1, outputWaitMs: "9" })).toEqual({ pollMinMs: 3000, pollMaxMs: 3000, exitCheckMs: 0, outputWaitMs: 5000, lostAfterMs: 60_000 });
});
