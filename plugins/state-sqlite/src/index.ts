import { definePlugin } from "@pivot/core";
import { SqliteStateStore } from "./sqlite-state-store";

export { SqliteStateStore, type SqliteStateStoreOptions } from "./sqlite-state-store";

export default definePlugin({
  name: "@pivot/plugin-state-sqlite",
  version: "0.1.0",
  state: {
    name: "sqlite",
    // PIVOT_STATE_BUSY_TIMEOUT_MS: how long to wait for another pivot process holding the DB.
    open: (stateDir) => new SqliteStateStore(stateDir, { busyTimeoutMs: Number(process.env.PIVOT_STATE_BUSY_TIMEOUT_MS) || undefined }),
  },
});
