import { describe, expect, test } from "bun:test";
import { buildGraph } from "./build-graph";
import { existsAmong, makeStages, type StageSketch, thrownBy } from "./stages-test-support";

const build = (...sketches: StageSketch[]) => buildGraph(makeStages(...sketches), { exists: existsAmong() });

describe("output validation", () => {
  test("two stages writing one path is OUTPUT_DUPLICATE naming both stages, files and the path", () => {
    const error = thrownBy(() =>
      build({ id: "a", outs: ["out.csv"], file: "p/pivot.yaml", line: 2 }, { id: "b", outs: ["out.csv"], file: "q/pipeline.ts" }),
    );
    expect(error.code).toBe("OUTPUT_DUPLICATE");
    expect(error.message).toBe("Output 'out.csv' is declared by two stages: 'a' (p/pivot.yaml:2) and 'b' (q/pipeline.ts)");
    expect(error.hint).toContain("only one stage");
  });

  test("one stage listing an output twice is OUTPUT_DUPLICATE", () => {
    const error = thrownBy(() => build({ id: "a", outs: ["x/", "x"] }));
    expect(error.code).toBe("OUTPUT_DUPLICATE");
    expect(error.message).toBe("Output 'x' is declared twice by stage 'a' (pivot.yaml)");
  });

  test("a file output inside another stage's folder output is OUTPUT_OVERLAP, either order", () => {
    const later = thrownBy(() => build({ id: "a", outs: ["out/"] }, { id: "b", outs: ["out/a.txt"], file: "b.yaml" }));
    expect(later.code).toBe("OUTPUT_OVERLAP");
    expect(later.message).toBe("Output 'out/a.txt' of stage 'b' (b.yaml) is inside output 'out' of stage 'a' (pivot.yaml)");
    expect(later.hint).toContain("Declare only 'out'");

    const earlier = thrownBy(() => build({ id: "b", outs: ["out/a.txt"], file: "b.yaml" }, { id: "a", outs: ["out/"] }));
    expect(earlier.code).toBe("OUTPUT_OVERLAP");
    expect(earlier.message).toBe("Output 'out/a.txt' of stage 'b' (b.yaml) is inside output 'out' of stage 'a' (pivot.yaml)");
  });

  test("an overlap within one stage names it once", () => {
    const error = thrownBy(() => build({ id: "a", outs: ["out", "out/deep/x"] }));
    expect(error.code).toBe("OUTPUT_OVERLAP");
    expect(error.message).toBe("Output 'out/deep/x' of stage 'a' (pivot.yaml) is inside its own output 'out'");
  });

  test("paths sharing only a string prefix do not overlap", () => {
    const graph = build(
      { id: "a", outs: ["data/t"] },
      { id: "b", outs: ["data/train.csv"] },
      { id: "c", outs: ["data-backup"] },
      { id: "d", outs: ["data/tr/x"] },
    );
    expect(graph.stages.size).toBe(4);
  });
});
