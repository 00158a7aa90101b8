import { describe, expect, test } from "bun:test";
import { defineCommand } from "citty";
import { asksForHelp, resolveTarget, subCommandIndex } from "./resolve-command";

const list = defineCommand({ meta: { name: "list" }, args: { limit: { type: "string" } } });
const show = defineCommand({ meta: { name: "show" } });
const history = defineCommand({ meta: { name: "history" }, args: { limit: { type: "string", alias: "l" } }, subCommands: { list, show }, default: "list" });

describe("resolveTarget", () => {
  test("follows sub-command names, skipping the values of the command's own options", async () => {
    const target = await resolveTarget(history, ["--limit", "5", "show", "x"], ["history"]);
    expect(target.command).toBe(show);
    expect(target.path).toEqual(["history", "show"]);
    expect(target.args).toEqual(["x"]);
    expect(subCommandIndex(["-l", "5", "show"], { limit: { type: "string", alias: "l" } })).toBe(2);
    expect(subCommandIndex(["--limit=5", "show"], { limit: { type: "string" } })).toBe(1);
    expect(subCommandIndex(["--", "show"], {})).toBe(-1);
  });

  test("no name goes to the default sub-command, except for --help of the command itself", async () => {
    expect((await resolveTarget(history, ["--limit", "5"], ["history"])).command).toBe(list);
    expect((await resolveTarget(history, ["--help"], ["history"])).command).toBe(history);
    expect(asksForHelp(["--", "--help"])).toBe(false);
    expect(asksForHelp(["-h"])).toBe(true);
  });

  test("an unknown sub-command is a usage error with a suggestion", async () => {
    const failure = await resolveTarget(history, ["shwo"], ["history"]).catch((e) => e);
    expect(failure.message).toBe("Unknown command `pivot history shwo`");
    expect(failure.hint).toContain("show");
    expect(failure.exitCode).toBe(2);
  });
});
