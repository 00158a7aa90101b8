import { afterEach, expect, test } from "bun:test";
import { type HostContext, hostContext, setHostContext } from "./host-context";
import { PluginRegistry } from "./plugin-registry";

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("pivot.host-context")];
});

/** The same module loaded a second time: what a plugin's own copy of @pivot/core gives it. */
async function secondCopy(): Promise<typeof import("./host-context")> {
  return (await import(`${import.meta.dir}/host-context.ts?second-copy`)) as typeof import("./host-context");
}

test("outside the CLI host, asking for the host context is an error saying to run through pivot", () => {
  expect(() => hostContext()).toThrow(/must run inside the pivot CLI host/);
});

test("another copy of @pivot/core sees the host context the CLI set", async () => {
  const context: HostContext = { registry: new PluginRegistry(), globals: { verbose: false, quiet: false, color: false }, argv: ["repro"] };
  setHostContext(context);
  const other = await secondCopy();
  expect(other.hostContext).not.toBe(hostContext);
  expect(other.hostContext()).toBe(context);
});
