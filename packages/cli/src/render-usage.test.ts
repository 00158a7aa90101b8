import { describe, expect, test } from "bun:test";
import { defineCommand } from "citty";
import { setColorEnabled } from "@pivot/core/host";
import { kebabCase, renderUsage } from "./render-usage";

setColorEnabled(false);

const command = defineCommand({
  meta: { name: "sync", description: "Sync things" },
  args: {
    targets: { type: "positional", required: false, description: "What to sync" },
    name: { type: "positional", description: "Whose" },
    dryRun: { type: "boolean", alias: "n", description: "Only show" },
    jobs: { type: "string", alias: "j", valueHint: "N", description: "At once" },
    remoteName: { type: "string", description: "Remote" },
    mode: { type: "enum", options: ["fast", "safe"], default: "safe", description: "How" },
    wait: { type: "boolean", default: true, description: "Wait", negativeDescription: "Fail instead of waiting" },
    allBranches: { type: "boolean", alias: ["all-b"], required: true, description: "Every branch" },
  },
});

describe("renderUsage", () => {
  test("options in kebab case with aliases, value hints, defaults, requirements and --no- forms", async () => {
    const text = await renderUsage(command, ["pivot", "sync"]);
    expect(text.split("\n").slice(0, 3)).toEqual(["pivot sync — Sync things", "", "USAGE pivot sync [options] [TARGETS] <NAME> --all-branches"]);
    expect(text).toMatch(/^ {2}TARGETS {4,}What to sync$/m);
    expect(text).toMatch(/^ {2}NAME {4,}Whose \(required\)$/m);
    expect(text).toMatch(/^ {2}-n, --dry-run {4,}Only show$/m);
    expect(text).toMatch(/^ {2}-j, --jobs <N> {4,}At once$/m);
    expect(text).toMatch(/^ {2}--remote-name <REMOTE_NAME> {4,}Remote$/m);
    expect(text).toMatch(/^ {2}--mode <fast\|safe> {4,}How \(default: safe\)$/m);
    expect(text).toMatch(/^ {2}--wait {4,}Wait \(default: true\)$/m);
    expect(text).toMatch(/^ {2}--no-wait {4,}Fail instead of waiting$/m);
    expect(text).toMatch(/^ {2}--all-b, --all-branches {4,}Every branch \(required\)$/m);
    expect(text.split("\n").every((line) => line === line.trimEnd())).toBe(true);
  });

  test("sub-commands are listed (hidden ones left out) and notes come last", async () => {
    const parent = Object.assign(
      defineCommand({
        meta: { name: "remote", description: "Remotes" },
        subCommands: {
          add: defineCommand({ meta: { name: "add", description: "Add one" } }),
          secret: () => Promise.resolve(defineCommand({ meta: { name: "secret", description: "Hidden", hidden: true } })),
        },
      }),
      { helpNotes: "Example: pivot remote add origin s3://b" },
    );
    const text = await renderUsage(parent, ["pivot", "remote"]);
    expect(text).toContain("USAGE pivot remote <command>");
    expect(text).toMatch(/^ {2}add {4,}Add one$/m);
    expect(text).not.toContain("secret");
    expect(text).toContain("Run pivot remote <command> --help for a command's options.");
    expect(text.endsWith("\nExample: pivot remote add origin s3://b")).toBe(true);
  });

  test("kebabCase", () => {
    expect([kebabCase("dryRun"), kebabCase("all"), kebabCase("keepRunCache")]).toEqual(["dry-run", "all", "keep-run-cache"]);
  });
});
