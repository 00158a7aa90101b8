import { describe, expect, test } from "bun:test";
import { PivotError } from "../errors/pivot-error";
import { transientError } from "./remote-errors";
import { type TransferTask, runTransfers } from "./transfer-pool";
import { ProgressCounter, type TransferProgress } from "./transfer-progress";

function task(hash: string, run: TransferTask["run"]): TransferTask {
  return { hash, label: `out/${hash}`, sizeBytes: 10, run };
}

const retry = { retries: 2, baseDelayMs: 1 };

describe("runTransfers", () => {
  test("a failure that is not transient is collected and the others go on", async () => {
    const tasks = ["a", "b", "c"].map((h) =>
      task(h, async () => {
        if (h === "b") throw new Error("local file vanished");
      }),
    );
    const result = await runTransfers(tasks, { jobs: 1, retry });
    expect(result.done.sort()).toEqual(["a", "c"]);
    expect(result.failed).toEqual([{ hash: "b", label: "out/b", error: "local file vanished" }]);
    expect(result.stoppedBy).toBeUndefined();
  });

  test("a transient failure that outlives its retries stops new transfers", async () => {
    const started: string[] = [];
    const tasks = ["a", "b", "c", "d"].map((h) =>
      task(h, async () => {
        started.push(h);
        if (h === "b") throw transientError("connection refused");
      }),
    );
    const result = await runTransfers(tasks, { jobs: 1, retry });
    expect(result.done).toEqual(["a"]);
    expect(result.failed[0]).toMatchObject({ hash: "b", transient: true });
    expect(result.notStarted).toBe(2);
    expect(started).toEqual(["a", "b", "b", "b"]);
  });

  test("a refusal (credentials) stops at once, without retries", async () => {
    let calls = 0;
    const tasks = ["a", "b"].map((h) =>
      task(h, async () => {
        calls += 1;
        throw new PivotError("REMOTE_AUTH_FAILED", "denied");
      }),
    );
    const result = await runTransfers(tasks, { jobs: 1, retry });
    expect(calls).toBe(1);
    expect(result.stoppedBy).toBeInstanceOf(PivotError);
  });

  test("bytes of a failed attempt are taken back from the progress", async () => {
    let attempt = 0;
    const seen: TransferProgress[] = [];
    const progress = new ProgressCounter("upload", 1, 10, (p) => seen.push({ ...p }));
    await runTransfers(
      [
        task("a", async (onBytes) => {
          attempt += 1;
          onBytes(6);
          if (attempt === 1) throw transientError("reset");
          onBytes(4);
        }),
      ],
      { jobs: 1, retry, progress },
    );
    const last = seen.at(-1)!;
    expect(last.doneBytes).toBe(10);
    expect(last.doneObjects).toBe(1);
    expect(Math.max(...seen.map((p) => p.doneBytes))).toBe(10);
  });
});
