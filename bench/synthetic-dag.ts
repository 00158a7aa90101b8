import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes the same DAG as a pivot.yaml and a Makefile: `count` stages, stage i reading the output
 * of stage i-1 (chain) or the shared input (wide fan-out), each copying a line into its output.
 */
export function writeSyntheticDag(root: string, count: number, shape: "chain" | "wide", cmd = "cp"): void {
  mkdirSync(join(root, ".pivot"), { recursive: true });
  mkdirSync(join(root, "out"), { recursive: true });
  writeFileSync(join(root, "input.txt"), "seed\n");
  const yaml: string[] = ["stages:"];
  const make: string[] = [".PHONY: all", `all: ${Array.from({ length: count }, (_, i) => `out/s${i}.txt`).join(" ")}`, ""];
  for (let i = 0; i < count; i++) {
    const input = shape === "chain" && i > 0 ? `out/s${i - 1}.txt` : "input.txt";
    const body = cmd === "cp" ? `cp ${input} out/s${i}.txt` : cmd;
    yaml.push(`  s${i}:`, `    cmd: ${body}`, `    deps: [${input}]`, `    outs: [out/s${i}.txt]`);
    make.push(`out/s${i}.txt: ${input}`, `\t${body}`, "");
  }
  writeFileSync(join(root, "pivot.yaml"), `${yaml.join("\n")}\n`);
  writeFileSync(join(root, "Makefile"), `${make.join("\n")}\n`);
}
