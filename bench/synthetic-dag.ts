import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scratch } from "./support";

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

/**
 * Writes `layers` × `perLayer` stages as a pivot.yaml and a Makefile: stage j of layer 0 copies the
 * shared input; stage j of layer L copies the output of stage j of layer L-1 and also depends on
 * stage j+1's (wrapping), so every layer waits on the one before it. Outputs live in out/L<l>/.
 */
export function writeLayeredDag(root: string, layers: number, perLayer: number): void {
  mkdirSync(join(root, ".pivot"), { recursive: true });
  writeFileSync(join(root, "input.txt"), "seed\n");
  const out = (l: number, j: number) => `out/L${l}/s${j}.txt`;
  const yaml: string[] = ["stages:"];
  const make: string[] = [".PHONY: all", "all: \\"];
  for (let j = 0; j < perLayer; j++) make.push(`  ${out(layers - 1, j)}${j + 1 < perLayer ? " \\" : ""}`);
  make.push("");
  for (let l = 0; l < layers; l++) {
    mkdirSync(join(root, "out", `L${l}`), { recursive: true });
    for (let j = 0; j < perLayer; j++) {
      const deps = l === 0 ? ["input.txt"] : [out(l - 1, j), out(l - 1, (j + 1) % perLayer)].filter((d, i, all) => all.indexOf(d) === i);
      const body = `cp ${deps[0]} ${out(l, j)}`;
      yaml.push(`  L${l}_s${j}:`, `    cmd: ${body}`, `    deps: [${deps.join(", ")}]`, `    outs: [${out(l, j)}]`);
      make.push(`${out(l, j)}: ${deps.join(" ")}`, `\t${body}`, "");
    }
  }
  writeFileSync(join(root, "pivot.yaml"), `${yaml.join("\n")}\n`);
  writeFileSync(join(root, "Makefile"), `${make.join("\n")}\n`);
}

/** A new scratch folder holding the layered DAG of 10 × `perLayer` stages, never run. */
export function freshLayeredDag(name: string, perLayer: number): string {
  const dir = scratch(name);
  writeLayeredDag(dir, 10, perLayer);
  return dir;
}
