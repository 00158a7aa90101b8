import { definePlugin } from "@pivot/core/plugin";
import type { SqliteStateStore } from "./sqlite-state-store";

export default definePlugin({
  name: "@pivot/plugin-state-sqlite",
  version: "0.1.0",
  api: "^1.0.0",
  state: {
    name: "sqlite",
    open(stateDir) {
      // Loaded on first use (commands like `pivot --help` never open a state DB).
      const { SqliteStateStore: Store } = require("./sqlite-state-store") as { SqliteStateStore: typeof SqliteStateStore };
      // PIVOT_STATE_BUSY_TIMEOUT_MS: how long to wait for another pivot process holding the DB.
      return new Store(stateDir, { busyTimeoutMs: Number(process.env.PIVOT_STATE_BUSY_TIMEOUT_MS) || undefined });
    },
  },
});
