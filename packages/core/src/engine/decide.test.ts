import { describe, expect, test } from "bun:test";
import type { LockData } from "../lock/lock-data";
import { decideFromInputs } from "./decide";
import { formatReason } from "./reasons";
import { type StageInputs, inputHashOf } from "./stage-inputs";

const lock: LockData = {
  schema: 1,
  stage: "train",
  hashAlgorithm: "xxh3-128",
  cmd: ["python train.py"],
  params: { "params.yaml": { "train.lr": 0.1 } },
  deps: [{ path: "data.csv", hash: "a".repeat(32), sizeBytes: 1 }],
  outs: [{ path: "model.bin", hash: "b".repeat(32), sizeBytes: 1, cache: true }],
};

function inputs(overrides: Partial<StageInputs> = {}): StageInputs {
  return {
    cmd: ["python train.py"],
    params: { "params.yaml": { "train.lr": 0.1 } },
    deps: [{ path: "data.csv", hash: "a".repeat(32), sizeBytes: 1 }],
    missingDeps: [],
    outs: [{ path: "model.bin", cache: true }],
    ...overrides,
  };
}

const ok = { kind: "ok", lock } as const;

describe("decideFromInputs", () => {
  test("unchanged inputs give no reason", () => {
    expect(decideFromInputs(ok, inputs())).toEqual([]);
  });

  test("no lock, a corrupt lock, --force and always_changed are reasons", () => {
    expect(decideFromInputs({ kind: "missing" }, inputs())).toEqual([{ kind: "no-lock" }]);
    expect(decideFromInputs({ kind: "corrupt", file: "x.lock", problem: "bad" }, inputs())[0]!.kind).toBe("lock-corrupt");
    expect(decideFromInputs(ok, inputs(), { force: true })).toEqual([{ kind: "forced" }]);
    expect(decideFromInputs(ok, inputs(), { alwaysChanged: true })).toEqual([{ kind: "always-changed" }]);
  });

  test("deps in another order, and equal params with keys in another order, are no change", () => {
    const two: LockData = { ...lock, params: { "p.yaml": { model: { depth: 3, lr: 0.1 } } }, deps: [...lock.deps, { path: "b.csv", hash: "e".repeat(32), sizeBytes: 1 }] };
    const current = inputs({
      params: { "p.yaml": { model: { lr: 0.1, depth: 3 } } },
      deps: [{ path: "b.csv", hash: "e".repeat(32), sizeBytes: 1 }, { path: "data.csv", hash: "a".repeat(32), sizeBytes: 1 }],
    });
    expect(decideFromInputs({ kind: "ok", lock: two }, current)).toEqual([]);
  });

  test("a change that keeps the count of deps, params, outs or words is still found", () => {
    const found = (overrides: Partial<StageInputs>) => decideFromInputs(ok, inputs(overrides)).map((r) => formatReason(r, true));
    expect(found({ deps: [{ path: "other.csv", hash: "a".repeat(32), sizeBytes: 1 }] })).toEqual(["dep removed: data.csv", "new dep other.csv"]);
    expect(found({ params: { "params.yaml": { "train.epochs": 0.1 } } })).toHaveLength(2);
    expect(found({ outs: [{ path: "model.bin", cache: false }] })).toEqual(["out model.bin: cache true → false"]);
    expect(found({ outs: [{ path: "model2.bin", cache: true }] })).toEqual(["outs changed (+model2.bin) (-model.bin)"]);
    expect(found({ cmd: ["python  train.py"] })).toEqual(["cmd changed: python train.py → python  train.py"]);
  });

  test("each change is reported with old and new values", () => {
    const reasons = decideFromInputs(
      ok,
      inputs({
        cmd: ["python train.py --fast"],
        params: { "params.yaml": { "train.lr": 0.01 } },
        deps: [{ path: "data.csv", hash: "c".repeat(32), sizeBytes: 1 }, { path: "extra.csv", hash: "d".repeat(32), sizeBytes: 1 }],
        outs: [{ path: "model.bin", cache: true }, { path: "report.json", cache: false }],
      }),
    );
    expect(reasons.map((r) => formatReason(r, true))).toEqual([
      "cmd changed: python train.py → python train.py --fast",
      "param train.lr (params.yaml) changed: 0.1 → 0.01",
      "dep data.csv changed (aaaaaaaa… → cccccccc…)",
      "new dep extra.csv",
      "outs changed (+report.json)",
    ]);
  });

  test("a missing dep is its own reason, not a change", () => {
    const reasons = decideFromInputs(ok, inputs({ deps: [], missingDeps: ["data.csv"] }));
    expect(reasons).toEqual([{ kind: "dep-missing", path: "data.csv" }]);
  });

  test("code parts are compared by name", () => {
    const withCode = { kind: "ok", lock: { ...lock, code: { "fn:a x.ts": "1", "fn:b x.ts": "2" } } } as const;
    const reasons = decideFromInputs(withCode, inputs({ code: { "fn:a x.ts": "1", "fn:b x.ts": "3", "fn:c y.ts": "4" } }));
    expect(reasons.map((r) => formatReason(r))).toEqual(["code changed: fn:b x.ts", "code added: fn:c y.ts"]);
  });

  test("upstream stages that will run are named", () => {
    expect(decideFromInputs(ok, inputs(), { upstreamRunning: ["prep"] }).map((r) => formatReason(r))).toEqual(["upstream stage prep will run"]);
  });
});

describe("inputHashOf", () => {
  test("equal inputs hash equal, regardless of key and dep order", () => {
    const a = inputs({ params: { "params.yaml": { x: 1, y: 2 } } });
    const b = inputs({ params: { "params.yaml": { y: 2, x: 1 } } });
    expect(inputHashOf(a)).toBe(inputHashOf(b));
    expect(inputHashOf(a)).not.toBe(inputHashOf(inputs({ cmd: ["other"] })));
  });
});
