import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Whether any pivot process marks a stage as running (`<stateDir>/stages/*.running`, lock/run-sentinel.ts). */
export function anyStageRunning(stateDirs: Iterable<string>): boolean {
  for (const dir of stateDirs) {
    try {
      if (readdirSync(join(dir, "stages")).some((name) => name.endsWith(".running"))) return true;
    } catch {
      // no stages folder yet: nothing ran there
    }
  }
  return false;
}
