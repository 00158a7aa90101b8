import { setDefaultTimeout } from "bun:test";

// Keeps test runs independent of the machine's own pivot configuration.
process.env.PIVOT_GLOBAL_CONFIG ??= "/nonexistent/pivot-global-config.yaml";
process.env.NO_COLOR = "1";

// End-to-end tests spawn the real binary, often several times; give them room on a loaded machine.
setDefaultTimeout(60_000);
