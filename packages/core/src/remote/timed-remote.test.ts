import { describe, expect, test } from "bun:test";
import type { Remote } from "../plugin/remote-backend";
import { withTimeouts } from "./timed-remote";

/** A remote whose reads never answer and whose downloads trickle bytes for `trickleMs`. */
function slowRemote(trickleMs: number): Remote {
  return {
    url: "test://slow",
    exists: async () => [],
    async *list() {},
    put: async () => undefined,
    get: async (_hash, _file, hooks) => {
      const end = Date.now() + trickleMs;
      while (Date.now() < end) {
        await Bun.sleep(20);
        hooks?.onBytes?.(1);
      }
      return true;
    },
    delete: async () => undefined,
    getRecord: () => new Promise<string | undefined>(() => {}),
  };
}

describe("remote timeouts", () => {
  test("a request that gets no answer fails with REMOTE_TIMEOUT after the timeout, naming the remote and the setting", async () => {
    const remote = withTimeouts(slowRemote(0), "origin", 100, "remotes.origin.timeout_ms");
    const started = performance.now();
    const error = await remote.getRecord!("runs/x").catch((e) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe("REMOTE_TIMEOUT");
    expect(error.message).toBe("Remote 'origin' did not answer a read of record runs/x within 100ms");
    expect(error.hint).toContain("Raise remotes.origin.timeout_ms");
  });

  test("a transfer that keeps moving bytes outlives the timeout", async () => {
    const remote = withTimeouts(slowRemote(400), "origin", 100, "remote.timeoutMs");
    expect(await remote.get("a".repeat(32), "/dev/null")).toBe(true);
  });

  test("0 means no limit: the remote is used as it is", () => {
    const inner = slowRemote(0);
    expect(withTimeouts(inner, "origin", 0, "remote.timeoutMs")).toBe(inner);
  });
});
