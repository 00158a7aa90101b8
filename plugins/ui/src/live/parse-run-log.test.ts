import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RunLogSink } from "@pivot/core/internal";
import { RunLogParser } from "./parse-run-log";
import { RunLogTail } from "./run-log-tail";

/** Lines written by the real run-log sink, so a change of its format fails here. */
function logOf(root: string, runId: string, emit: (sink: RunLogSink) => void): string {
  const sink = new RunLogSink(root, runId);
  emit(sink);
  sink.close();
  return readFileSync(join(root, ".pivot", "runs", `${runId}.log`), "utf8");
}

describe("run log parsing", () => {
  test("start, output, end and a failure with a multi-line error come back as events", () => {
    const root = mkdtempSync(join(tmpdir(), "pivot-ui-log-"));
    try {
      const text = logOf(root, "r1", (sink) => {
        sink.handle({ type: "stage-start", stage: "train@small", reason: "dep data.csv changed", reasons: [] });
        sink.handle({ type: "stage-output", stage: "train@small", stream: "stderr", text: "warming up" });
        sink.handle({ type: "stage-end", stage: "train@small", status: "ran", reason: "", reasons: [], durationMs: 42 });
        sink.handle({ type: "stage-end", stage: "eval", status: "failed", reason: "", reasons: [], durationMs: 7, error: "exit code 2\nsecond line (3ms)" });
      });
      const parser = new RunLogParser();
      const events = text.split("\n").flatMap((line) => parser.line(line) ?? []);
      expect(events).toEqual([
        { type: "stage-start", stage: "train@small", reason: "dep data.csv changed" },
        { type: "stage-output", stage: "train@small", stream: "stderr", text: "warming up" },
        { type: "stage-end", stage: "train@small", status: "ran", durationMs: 42 },
        { type: "stage-end", stage: "eval", status: "failed", durationMs: 7, error: "exit code 2\nsecond line (3ms)" },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("the tail reads only what a log gained since the last poll, across partial lines", () => {
    const root = mkdtempSync(join(tmpdir(), "pivot-ui-tail-"));
    try {
      const tail = new RunLogTail(root);
      expect(tail.poll()).toEqual([]);
      const sink = new RunLogSink(root, "r2");
      sink.handle({ type: "stage-start", stage: "a", reason: "never ran", reasons: [] });
      expect(tail.poll()).toEqual([{ type: "stage-start", stage: "a", reason: "never ran" }]);
      expect(tail.poll()).toEqual([]);
      sink.handle({ type: "stage-end", stage: "a", status: "ran", reason: "", reasons: [], durationMs: 5 });
      sink.close();
      expect(tail.poll()).toEqual([{ type: "stage-end", stage: "a", status: "ran", durationMs: 5 }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
