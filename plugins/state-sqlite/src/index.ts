import { definePlugin } from "@pivot/core";
import { SqliteStateStore } from "./sqlite-state-store";

export { SqliteStateStore, type SqliteStateStoreOptions } from "./sqlite-state-store";

export default definePlugin({
  name: "@pivot/plugin-state-sqlite",
  version: "0.1.0",
  state: { name: "sqlite", open: (stateDir) => new SqliteStateStore(stateDir) },
});
