import { expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { existsAmong, makeStages, thrownBy } from "./stages-test-support";

test("two stages with one id are rejected, naming both source files", () => {
  const error = thrownBy(() =>
    buildGraph(
      makeStages({ id: "train", file: "a/pivot.yaml", line: 3 }, { id: "train", file: "b/pivot.yaml", line: 8 }),
      { exists: existsAmong() },
    ),
  );
  expect(error.code).toBe("STAGE_DUPLICATE");
  expect(error.message).toBe("Stage 'train' is declared twice: 'train' (a/pivot.yaml:3) and 'train' (b/pivot.yaml:8)");
  expect(error.hint).toContain("rename");
});
