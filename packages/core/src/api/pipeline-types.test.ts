/**
 * Type-level tests: `bunx tsc --noEmit -p .` must stay clean, so every `@ts-expect-error` below
 * must really be an error. The runtime part only checks the registrations are accepted.
 */
import { expect, test } from "bun:test";
import { loaders as l } from "./loaders";
import { Pipeline } from "./pipeline";

interface Row {
  name: string;
  score: number;
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_ok?: T) => undefined;

test("deps, params and outs are typed from their declarations", () => {
  const pipeline = new Pipeline("types", { root: "/tmp" });

  pipeline.stage("clean", {
    deps: { raw: l.csv<Row>("raw.csv"), notes: l.text("notes.txt"), blob: l.bytes("b.bin"), where: l.path("x.bin") },
    outs: { clean: l.json<Row[]>("clean.json"), report: l.metric("report.json"), dir: l.directory("models/") },
    params: { minScore: 0.5, label: "x" },
    run({ raw, notes, blob, where }, params, ctx) {
      assertType<Equal<typeof raw, Row[]>>();
      assertType<Equal<typeof notes, string>>();
      assertType<Equal<typeof blob, Uint8Array>>();
      assertType<Equal<typeof where, string>>();
      assertType<Equal<typeof params.minScore, number>>();
      assertType<Equal<typeof ctx.outs.dir, string>>();
      // @ts-expect-error — not a declared dep
      void raw.missing;
      // @ts-expect-error — minScore is a number
      const s: string = params.minScore;
      void s;
      // @ts-expect-error — no such param
      void params.other;
      return { clean: raw.filter((r) => r.score >= params.minScore), report: { rows: raw.length } };
    },
  });

  // @ts-expect-error — the out `clean` must be returned
  pipeline.stage("missing-out", { outs: { clean: l.json<Row[]>("a.json") }, run: () => ({}) });

  pipeline.stage("wrong-type", {
    outs: { clean: l.json<Row[]>("b.json") },
    // @ts-expect-error — clean must be Row[]
    run: () => ({ clean: "not rows" }),
  });

  pipeline.stage("writes-itself", {
    outs: { model: l.path("model.bin") },
    run(_deps, _params, ctx) {
      assertType<Equal<typeof ctx.outs.model, string>>();
    },
  });

  pipeline.stage("incremental", {
    outs: { state: l.incremental(l.json<{ n: number }>("state.json")) },
    run(_deps, _params, ctx) {
      const n = ctx.previous.state?.n ?? 0;
      return { state: { n: n + 1 } };
    },
  });

  const upper = l.define<string>({ name: "upper", load: (p) => p.toUpperCase(), save: () => undefined });
  pipeline.stage("custom", {
    deps: { u: upper("u.txt") },
    outs: { t: l.text("t.txt") },
    run: ({ u }) => ({ t: u }),
  });

  pipeline.stage("async", {
    outs: { t: l.text("async.txt") },
    run: async () => ({ t: "done" }),
  });

  // Rejected at compile time and, for plain JS callers, at run time.
  // @ts-expect-error — params must be JSON values
  expect(() => pipeline.stage("bad-params", { params: { when: new Date() }, run: () => undefined })).toThrow("not a JSON value");
  // @ts-expect-error — deps must be loaders
  expect(() => pipeline.stage("bad-dep", { deps: { raw: "raw.csv" }, run: () => undefined })).toThrow("not a loader");

  expect(pipeline.stages.map((s) => s.name)).toEqual(["clean", "missing-out", "wrong-type", "writes-itself", "incremental", "custom", "async"]);
});
