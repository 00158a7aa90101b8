import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import { PivotError, StateRouter, errorMessage, hostContext, withProject } from "@pivot/core/internal";
import { UiSession } from "../live/ui-session";
import { renderPage } from "../page/page-html";
import { metricsPanel, plotsPage } from "../panels/observe-panels";
import { RunChild } from "../panels/run-child";
import { stageDetail } from "../state/stage-detail";
import { readPreview, resolveProjectFile } from "./project-file";
import { newSessionToken, tokenMatches, tokenOf } from "./session-token";

export interface UiServerOptions {
  host: string;
  port: number;
  all: boolean;
  /** With `all`: a pipeline that fails to load is an error. */
  strict?: boolean;
  allowRun: boolean;
  /** Run-log polling interval (ms); tests shorten it. */
  pollMs?: number;
}

export interface UiServer {
  url: string;
  token: string;
  session: UiSession;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "cache-control": "no-store" } });
const refuse = (status: number, code: string, message: string, hint?: string) => json({ error: { code, message, ...(hint ? { hint } : {}) } }, status);

function errorResponse(error: unknown): Response {
  if (error instanceof PivotError) {
    const status = error.code === "PATH_OUTSIDE_PROJECT" ? 403 : error.code === "FILE_NOT_FOUND" || error.code === "STAGE_NOT_FOUND" ? 404 : error.code === "USAGE" ? 400 : 500;
    return refuse(status, error.code, error.message, error.hint);
  }
  return refuse(500, "INTERNAL", errorMessage(error));
}

/** Whether the Host header names this server on loopback (a page of another site cannot, even by DNS rebinding). */
function hostAllowed(request: Request, bindHost: string, port: number): boolean {
  if (!LOOPBACK.has(bindHost)) return true;
  const host = request.headers.get("host") ?? "";
  const name = host.replace(/:\d+$/, "");
  return LOOPBACK.has(name) && host.endsWith(`:${port}`);
}

/** Starts the `pivot ui` server: loads the pipeline, listens, and starts following runs. */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const session = await UiSession.open({ all: options.all, strict: options.strict === true, ...(options.pollMs ? { pollMs: options.pollMs } : {}) });
  const token = newSessionToken();
  const scratchDir = mkdtempSync(join(tmpdir(), "pivot-ui-"));
  const cwd = process.cwd();
  const observe = { cwd, all: options.all, scratchDir };
  const runner = new RunChild(cwd, options.all, (event) => {
    session.hub.send("run", event);
    if (event.state === "ended") session.requestCheck();
  });

  const routes = async (request: Request, url: URL, server: Server<undefined>): Promise<Response> => {
    switch (url.pathname) {
      case "/":
        return new Response(renderPage({ token, graph: session.graph, states: session.states.report(), allowRun: options.allowRun, title: session.graph.pipelines.join(", ") }), {
          headers: {
            "content-type": "text/html; charset=utf-8",
            "cache-control": "no-store",
            "content-security-policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-src 'self'; img-src data:; frame-ancestors 'none'",
            "referrer-policy": "no-referrer",
          },
        });
      case "/api/graph":
        return json(session.graph);
      case "/api/states":
        return json(session.states.report());
      case "/api/check":
        if (request.method !== "POST") return refuse(405, "USAGE", "POST to /api/check");
        session.requestCheck();
        return json({ requested: true });
      case "/api/events":
        server.timeout(request, 0);
        return session.hub.open({ type: "states", data: session.states.report() });
      case "/api/stage": {
        const id = url.searchParams.get("id") ?? "";
        return json(await withProject({ all: options.all, strict: options.strict === true, allowMissingDeps: true }, (project) => stageDetail(project, id)));
      }
      case "/api/file": {
        const file = resolveProjectFile(session.projectRoot, url.searchParams.get("path") ?? "");
        const { bytes, size } = readPreview(file);
        const cut = size > bytes.length;
        return new Response(bytes, {
          headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...(cut ? { "x-pivot-truncated": String(size) } : {}) },
        });
      }
      case "/api/history": {
        const store = new StateRouter(hostContext().registry.stateBackend()).forProject(session.projectRoot);
        try {
          return json(store.listRuns(Math.min(100, Number(url.searchParams.get("limit")) || 20)));
        } finally {
          store.close();
        }
      }
      case "/api/metrics": {
        const result = await metricsPanel(observe, url.searchParams.get("rev") || undefined);
        return result.ok ? json(result.body) : refuse(500, "METRICS_FAILED", result.error);
      }
      case "/api/plots": {
        const page = await plotsPage(observe, url.searchParams.get("rev") || undefined);
        return new Response(page.html, { status: page.status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'" } });
      }
      case "/api/run": {
        if (!options.allowRun) return refuse(403, "RUN_NOT_ALLOWED", "Running stages from the page is off", "Start the UI with `pivot ui --allow-run`.");
        if (request.method !== "POST") return refuse(405, "USAGE", "POST to /api/run");
        if (runner.busy) return refuse(409, "RUN_BUSY", "A run started from this page is still going", "Wait for it to finish.");
        const body = (await request.json().catch(() => ({}))) as { stage?: unknown };
        const stage = typeof body.stage === "string" && body.stage !== "" ? body.stage : undefined;
        if (stage !== undefined && !session.graph.nodes.some((node) => node.id === stage)) return refuse(404, "STAGE_NOT_FOUND", `Unknown stage '${stage}'`);
        return json({ started: runner.start(stage ? { stage } : {}) });
      }
      default:
        return refuse(404, "NOT_FOUND", `No such page: ${url.pathname}`);
    }
  };

  let server: Server<undefined>;
  try {
    server = Bun.serve({
      hostname: options.host,
      port: options.port,
      idleTimeout: 60,
      async fetch(request, self) {
        const url = new URL(request.url);
        if (!hostAllowed(request, options.host, self.port ?? 0)) return refuse(403, "HOST_REFUSED", "This server answers only to its loopback address");
        if (!tokenMatches(tokenOf(request, url), token)) return refuse(403, "TOKEN_REQUIRED", "Missing or wrong session token", "Open the URL `pivot ui` printed (it carries the token).");
        try {
          return await routes(request, url, self);
        } catch (error) {
          return errorResponse(error);
        }
      },
    });
  } catch (error) {
    session.close();
    rmSync(scratchDir, { recursive: true, force: true });
    const inUse = /EADDRINUSE|in use/i.test(errorMessage(error));
    throw new PivotError("UI_LISTEN_FAILED", `Cannot listen on ${options.host}:${options.port}: ${inUse ? "the port is in use" : errorMessage(error)}`, {
      hint: inUse ? "Pick another --port, or leave it out for a free one." : "Check --host and --port.",
    });
  }
  session.start();
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${server.port}/?token=${token}`,
    token,
    session,
    async stop() {
      session.close();
      await runner.stop();
      await server.stop(true);
      await session.idle();
      rmSync(scratchDir, { recursive: true, force: true });
    },
  };
}
