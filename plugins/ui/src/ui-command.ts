import { defineCommand } from "citty";
import { PivotError, allPipelinesArgs, print, warn } from "@pivot/core/internal";
import { openUrl } from "./server/open-url";
import { startUiServer } from "./server/ui-server";

function portOf(value: string | undefined): number {
  if (value === undefined || value === "") return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PivotError("USAGE", `--port must be a port number (0-65535), got '${value}'`, { hint: "Write e.g. --port 8080, or leave it out for a free port.", exitCode: 2 });
  }
  return port;
}

export const uiCommand = defineCommand({
  meta: { name: "ui", description: "Open a local web page with the live DAG, runs, logs, metrics and plots" },
  args: {
    port: { type: "string", alias: "p", valueHint: "N", description: "Port to listen on (default: a free one)" },
    host: { type: "string", valueHint: "ADDR", description: "Address to listen on (default 127.0.0.1, loopback only)" },
    open: { type: "boolean", default: true, description: "Open the page in the browser (--no-open: only print the URL)" },
    allowRun: { type: "boolean", description: "Show Run buttons that start `pivot repro` (off by default)" },
    ...allPipelinesArgs,
  },
  async run({ args }) {
    const host = args.host || "127.0.0.1";
    if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
      warn(`Listening on ${host}: other machines that reach it can see this project's pipeline`, "Everyone needs the token in the URL; leave --host out to stay on loopback.");
    }
    // Ctrl-C is listened for before the URL is shown: a stop right after it is still clean.
    let stopRequested!: () => void;
    const stopped = new Promise<void>((resolve) => (stopRequested = resolve));
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      stopRequested();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    const server = await startUiServer({ host, port: portOf(args.port), all: Boolean(args.all), strict: Boolean(args.strict), allowRun: Boolean(args.allowRun) }).catch((error) => {
      stop();
      throw error;
    });
    await Bun.sleep(0);
    print(`pivot ui: ${server.url}`);
    print(`${server.session.graph.nodes.length} stage${server.session.graph.nodes.length === 1 ? "" : "s"}${args.allowRun ? ", Run buttons on" : ""}. Press Ctrl-C to stop.`);
    if (args.open !== false) openUrl(server.url);
    await stopped;
    await server.stop();
    print("pivot ui stopped.");
  },
});
