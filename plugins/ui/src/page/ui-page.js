// The browser side of `pivot ui`: draws the DAG from the embedded graph, keeps node states current
// from the server-sent events, and fills the side panel and the tabs on demand. Plain JS, no build.
(() => {
  const data = JSON.parse(document.getElementById("pivot-data").textContent);
  const token = data.token;
  const allowRun = data.allowRun;
  const svg = document.getElementById("dag");
  const detail = document.getElementById("detail");
  const statusLine = document.getElementById("status");
  const states = new Map();
  let graph = data.graph;
  let nodeEls = new Map();
  let selected = null;
  let view = { x: 0, y: 0, w: 1, h: 1 };

  const esc = (text) => String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
  const api = (path, params = {}) => `${path}?${new URLSearchParams({ ...params, token })}`;
  const getJson = async (path, params) => {
    const response = await fetch(api(path, params));
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? `${body.error.message}${body.error.hint ? ` — ${body.error.hint}` : ""}` : response.statusText);
    return body;
  };
  const LABELS = { "up-to-date": "up to date", restored: "restored", stale: "stale", restorable: "restorable", running: "running", failed: "failed", error: "error", frozen: "frozen", pending: "checking…" };

  // ---- the drawing -------------------------------------------------------------------------
  function edgePath(from, to) {
    const h = graph.nodeHeight;
    const x1 = from.x + from.width / 2, y1 = from.y + h, x2 = to.x + to.width / 2, y2 = to.y - 4;
    const bend = Math.max(24, (y2 - y1) / 2);
    return `M${x1.toFixed(1)},${y1} C${x1.toFixed(1)},${y1 + bend} ${x2.toFixed(1)},${y2 - bend} ${x2.toFixed(1)},${y2}`;
  }

  let nodesById = new Map();

  function render() {
    const h = graph.nodeHeight;
    const byId = (nodesById = new Map(graph.nodes.map((n) => [n.id, n])));
    const parts = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a96a3"/></marker></defs>'];
    for (const g of graph.groups) parts.push(`<g class="group"><rect x="${g.x}" y="${g.y}" width="${g.width}" height="${g.height}" rx="10"/><text x="${g.x + 12}" y="${g.y + 20}">${esc(g.name)} · ${esc(g.file)}</text></g>`);
    for (const e of graph.edges) {
      const from = byId.get(e.from), to = byId.get(e.to);
      if (from && to) parts.push(`<path class="edge" data-from="${esc(e.from)}" data-to="${esc(e.to)}" d="${edgePath(from, to)}" marker-end="url(#arrow)"><title>${esc(e.label)}</title></path>`);
    }
    for (const n of graph.nodes) {
      const s = states.get(n.id);
      parts.push(`<g class="stage" data-stage="${esc(n.id)}" data-state="${s ? s.state : "pending"}"><title>${esc(tooltip(n.id))}</title><rect x="${n.x}" y="${n.y}" width="${n.width}" height="${h}" rx="6"/><text x="${n.x + n.width / 2}" y="${n.y + h / 2}">${esc(n.id)}</text></g>`);
    }
    svg.innerHTML = parts.join("");
    nodeEls = new Map([...svg.querySelectorAll("g.stage")].map((el) => [el.dataset.stage, el]));
    fit();
    document.body.dataset.rendered = String(nodeEls.size);
    performance.mark("pivot-dag-rendered");
    window.pivotUi.renderedAtMs = performance.now();
    // The frame after the drawing is laid out and painted: what the user sees.
    requestAnimationFrame(() => setTimeout(() => (window.pivotUi.paintedAtMs = performance.now()), 0));
  }

  function tooltip(id) {
    const s = states.get(id);
    const node = nodesById.get(id);
    return `${id} — ${s ? `${LABELS[s.state] || s.state}: ${s.reason}` : "checking…"}${node ? `\n${node.body}` : ""}`;
  }

  function setViewBox() {
    svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  }

  // The whole drawing, never magnified beyond its natural size (a small pipeline stays small).
  function fit() {
    const w = Math.max(graph.width + 20, svg.clientWidth || 0);
    const h = Math.max(graph.height + 20, svg.clientHeight || 0);
    view = { x: (graph.width - w) / 2, y: Math.min(-10, (graph.height - h) / 2), w, h };
    setViewBox();
  }

  function centerOn(id) {
    const n = graph.nodes.find((node) => node.id === id);
    if (!n) return;
    const w = Math.min(view.w, Math.max(600, n.width * 6));
    const h = w * (svg.clientHeight / Math.max(1, svg.clientWidth));
    view = { x: n.x + n.width / 2 - w / 2, y: n.y - h / 2, w, h };
    setViewBox();
  }

  // Pan with the mouse, zoom with the wheel around the pointer.
  let drag = null;
  svg.addEventListener("mousedown", (event) => {
    if (event.target.closest("g.stage")) return;
    drag = { x: event.clientX, y: event.clientY, view: { ...view } };
    svg.classList.add("panning");
  });
  window.addEventListener("mousemove", (event) => {
    if (!drag) return;
    const scale = view.w / svg.clientWidth;
    view = { ...drag.view, x: drag.view.x - (event.clientX - drag.x) * scale, y: drag.view.y - (event.clientY - drag.y) * scale };
    setViewBox();
  });
  window.addEventListener("mouseup", () => {
    drag = null;
    svg.classList.remove("panning");
  });
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    const factor = Math.exp(event.deltaY * 0.0015);
    const px = view.x + ((event.clientX - rect.left) / rect.width) * view.w;
    const py = view.y + ((event.clientY - rect.top) / rect.height) * view.h;
    view = { x: px - (px - view.x) * factor, y: py - (py - view.y) * factor, w: view.w * factor, h: view.h * factor };
    setViewBox();
  }, { passive: false });
  svg.addEventListener("mouseover", (event) => {
    const el = event.target.closest("g.stage");
    if (!el) return;
    for (const edge of svg.querySelectorAll("path.edge.hot")) edge.classList.remove("hot");
    for (const edge of svg.querySelectorAll("path.edge")) if (edge.dataset.from === el.dataset.stage || edge.dataset.to === el.dataset.stage) edge.classList.add("hot");
  });
  svg.addEventListener("click", (event) => {
    const el = event.target.closest("g.stage");
    if (el) openStage(el.dataset.stage);
  });

  // ---- search --------------------------------------------------------------------------------
  const search = document.getElementById("search");
  search.addEventListener("input", () => {
    const query = search.value.trim().toLowerCase();
    svg.classList.toggle("searching", query !== "");
    for (const [id, el] of nodeEls) el.classList.toggle("match", query !== "" && id.toLowerCase().includes(query));
  });
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const first = svg.querySelector("g.stage.match");
    if (first) {
      centerOn(first.dataset.stage);
      openStage(first.dataset.stage);
    }
  });
  window.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
    if (event.key === "Escape") closeStage();
  });

  // ---- states --------------------------------------------------------------------------------
  function setState(s) {
    states.set(s.id, s);
    const el = nodeEls.get(s.id);
    if (el) {
      el.dataset.state = s.state;
      el.querySelector("title").textContent = tooltip(s.id);
    }
    if (selected === s.id) renderStateLine(s);
  }

  function applyReport(report) {
    for (const s of report.stages) setState(s);
    const counts = {};
    for (const s of states.values()) counts[s.state] = (counts[s.state] || 0) + 1;
    statusLine.textContent = report.source === "pending" ? "checking…" : `${Object.entries(counts).map(([k, v]) => `${v} ${LABELS[k] || k}`).join(", ")}`;
  }

  function renderLegend() {
    document.getElementById("legend").innerHTML = ["up-to-date", "restored", "stale", "running", "failed", "frozen"].map((s) => `<span data-state="${s}">${LABELS[s]}</span>`).join("");
  }

  // ---- the stage panel -----------------------------------------------------------------------
  function closeStage() {
    detail.hidden = true;
    nodeEls.get(selected)?.classList.remove("selected");
    selected = null;
  }

  function renderStateLine(s) {
    const line = detail.querySelector(".state-line");
    if (!line) return;
    line.innerHTML = `<span class="state" data-state="${s.state}">${esc(LABELS[s.state] || s.state)}</span> ${esc(s.reason)}${s.details && s.details.length ? `<ul>${s.details.map((d) => `<li>${esc(d)}</li>`).join("")}</ul>` : ""}`;
    const error = detail.querySelector("pre.stage-error");
    if (s.state === "failed" || s.state === "error") {
      if (error) error.textContent = s.reason;
      else line.insertAdjacentHTML("afterend", `<pre class="error stage-error">${esc(s.reason)}</pre>`);
    } else error?.remove();
  }

  const fileLink = (path) => `<a data-file="${esc(path)}">${esc(path)}</a>`;

  async function openStage(id) {
    nodeEls.get(selected)?.classList.remove("selected");
    selected = id;
    nodeEls.get(id)?.classList.add("selected");
    detail.hidden = false;
    detail.innerHTML = `<button class="close" title="Close (Esc)">×</button><h2>${esc(id)}</h2><div class="state-line"></div><p class="muted">loading…</p>`;
    detail.querySelector(".close").onclick = closeStage;
    const s = states.get(id);
    if (s) renderStateLine(s);
    let d;
    try {
      d = await getJson("/api/stage", { id });
    } catch (error) {
      detail.querySelector("p.muted").textContent = String(error.message || error);
      return;
    }
    if (selected !== id) return;
    const code = d.lock.code ? `<table>${Object.entries(d.lock.code).map(([k, v]) => `<tr><td>${esc(k)}</td><td><code>${esc(v)}</code></td></tr>`).join("")}</table>` : d.lock.cmd ? `<pre>${esc(d.lock.cmd.join("\n"))}</pre>` : '<p class="muted">not run yet</p>';
    const params = d.params.length ? `<ul>${d.params.map((p) => `<li>${fileLink(p.file)}: ${p.keys.length ? esc(p.keys.join(", ")) : "(whole file)"}</li>`).join("")}</ul>` : "";
    const values = d.paramValues ? `<pre>${esc(JSON.stringify(d.paramValues, null, 2))}</pre>` : "";
    detail.querySelector("p.muted").outerHTML = `
      ${allowRun ? `<p><button class="run" data-run="${esc(id)}">Run ${esc(id)}</button></p>` : ""}
      ${d.desc ? `<p>${esc(d.desc)}</p>` : ""}
      <p class="muted">${esc(d.pipeline)} · ${esc(d.source)}${d.frozen ? " · frozen" : ""}</p>
      <h3>Runs</h3><pre>${esc(d.body)}</pre>
      <h3>Deps</h3>${d.deps.length ? `<ul>${d.deps.map((p) => `<li>${fileLink(p)}</li>`).join("")}</ul>` : '<p class="muted">none</p>'}
      <h3>Outs</h3>${d.outs.length ? `<ul>${d.outs.map((o) => `<li>${fileLink(o.path)} <span class="muted">${esc(o.kind)}${o.cache ? "" : ", not cached"}</span></li>`).join("")}</ul>` : '<p class="muted">none</p>'}
      <h3>Params</h3>${params || values ? params + values : '<p class="muted">none</p>'}
      <h3>Code fingerprint</h3>${code}
      <h3>Lock file <span class="muted">${fileLink(d.lock.path)}</span></h3>${d.lock.text === null ? '<p class="muted">none yet</p>' : `<pre>${esc(d.lock.text)}</pre>`}${d.lock.problem ? `<pre class="error">${esc(d.lock.problem)}</pre>` : ""}
      <h3>Last log ${d.log ? `<span class="muted">run ${esc(d.log.runId)}</span>` : ""}</h3><pre class="log">${d.log ? esc(d.log.lines.join("\n")) : "no output recorded"}</pre>
      <div class="file-view"></div>`;
  }

  detail.addEventListener("click", async (event) => {
    const link = event.target.closest("a[data-file]");
    if (link) {
      const view = detail.querySelector(".file-view");
      const response = await fetch(api("/api/file", { path: link.dataset.file }));
      const text = await response.text();
      const body = response.ok ? text : (JSON.parse(text).error || {}).message;
      view.innerHTML = `<h3>${esc(link.dataset.file)}</h3><pre class="${response.ok ? "" : "error"}">${esc(body)}</pre>`;
      view.scrollIntoView();
      return;
    }
    const run = event.target.closest("button[data-run]");
    if (run) startRun(run.dataset.run);
  });

  // ---- run button, re-check ------------------------------------------------------------------
  async function startRun(stage) {
    const response = await fetch(api("/api/run"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(stage ? { stage } : {}) });
    const body = await response.json();
    if (!response.ok) statusLine.textContent = body.error.message;
  }
  document.getElementById("run-all")?.addEventListener("click", () => startRun());
  document.getElementById("recheck").addEventListener("click", () => fetch(api("/api/check"), { method: "POST" }));

  // ---- live feed -----------------------------------------------------------------------------
  function connect() {
    const source = new EventSource(api("/api/events"));
    source.addEventListener("states", (event) => applyReport(JSON.parse(event.data)));
    source.addEventListener("stage", (event) => {
      setState(JSON.parse(event.data));
      applyReport({ source: "live", stages: [] });
    });
    source.addEventListener("checking", () => (statusLine.textContent = "checking…"));
    source.addEventListener("check-failed", (event) => (statusLine.textContent = `check failed: ${JSON.parse(event.data).error}`));
    source.addEventListener("log", (event) => {
      const line = JSON.parse(event.data);
      if (line.stage !== selected) return;
      const pre = detail.querySelector("pre.log");
      if (pre) pre.textContent += `\n[${line.stage}] ${line.stream === "stderr" ? "! " : ""}${line.text}`;
    });
    source.addEventListener("run", (event) => {
      const run = JSON.parse(event.data);
      statusLine.textContent = run.state === "started" ? `running: pivot ${run.args.join(" ")}` : `pivot ${run.args.join(" ")} exited ${run.exitCode}${run.error ? `: ${run.error.split("\n").pop()}` : ""}`;
    });
    source.addEventListener("graph", async () => {
      graph = await getJson("/api/graph");
      render();
    });
    window.pivotUi.events = source;
  }

  // ---- tabs: history, metrics, plots ---------------------------------------------------------
  const ms = (n) => (n < 1000 ? `${n}ms` : `${(n / 1000).toFixed(n < 10000 ? 1 : 0)}s`);
  async function showHistory() {
    const box = document.getElementById("history");
    let runs;
    try {
      runs = await getJson("/api/history", { limit: 30 });
    } catch (error) {
      box.innerHTML = `<pre class="error">${esc(error.message)}</pre>`;
      return;
    }
    if (runs.length === 0) {
      box.innerHTML = '<p class="muted">No runs recorded yet.</p>';
      return;
    }
    const count = (run, status) => run.stages.filter((s) => s.status === status).length;
    const pillState = { ran: "up-to-date", restored: "restored", skipped: "pending", failed: "failed", blocked: "stale", cancelled: "stale" };
    box.innerHTML = `<table><tr><th>Run</th><th>Started</th><th>Status</th><th>Duration</th><th>Ran</th><th>Skipped</th><th>Restored</th><th>Failed</th><th>Command</th></tr>${runs
      .map(
        (run, i) => `<tr class="run-row" data-index="${i}"><td><code>${esc(run.id)}</code></td><td>${esc(new Date(run.startedAtMs).toLocaleString())}</td><td>${esc(run.status)}</td><td class="num">${ms(run.durationMs)}</td><td class="num">${count(run, "ran")}</td><td class="num">${count(run, "skipped")}</td><td class="num">${count(run, "restored")}</td><td class="num">${count(run, "failed")}</td><td><code>${esc(run.command)}</code></td></tr>
        <tr class="run-stages" data-index="${i}" hidden><td colspan="9"><table><tr><th>Stage</th><th>Outcome</th><th>Duration</th><th>Reason</th></tr>${run.stages.map((s) => `<tr><td><code>${esc(s.stage)}</code></td><td><span class="pill" data-state="${pillState[s.status] || "pending"}">${esc(s.status)}</span></td><td class="num">${ms(s.durationMs)}</td><td>${esc(s.reason)}</td></tr>`).join("")}</table></td></tr>`,
      )
      .join("")}</table>`;
    box.querySelectorAll("tr.run-row").forEach((row) =>
      row.addEventListener("click", () => {
        const stages = box.querySelector(`tr.run-stages[data-index="${row.dataset.index}"]`);
        stages.hidden = !stages.hidden;
      }),
    );
  }

  const value = (v) => (v === undefined ? "—" : typeof v === "number" ? String(Math.round(v * 1e5) / 1e5) : esc(JSON.stringify(v)));
  async function showMetrics(rev) {
    const box = document.getElementById("metrics");
    box.innerHTML = '<p class="muted">loading…</p>';
    try {
      const body = await getJson("/api/metrics", rev ? { rev } : {});
      if (rev) {
        box.innerHTML = body.changes.length === 0 ? `<p class="muted">No metrics in ${esc(body.old)} or ${esc(body.new)}.</p>` : `<table><tr><th>Path</th><th>Metric</th><th>${esc(body.old)}</th><th>${esc(body.new)}</th><th>Change</th></tr>${body.changes.map((c) => `<tr><td>${esc(c.path)}</td><td>${esc(c.key)}</td><td class="num">${value(c.old)}</td><td class="num">${value(c.new)}</td><td class="num">${c.delta !== undefined ? (c.delta > 0 ? "+" : "") + value(c.delta) : esc(c.change)}</td></tr>`).join("")}</table>`;
      } else {
        const rows = Object.entries(body).flatMap(([path, values]) => Object.entries(values).map(([key, v]) => `<tr><td>${esc(path)}</td><td>${esc(key)}</td><td class="num">${value(v)}</td></tr>`));
        box.innerHTML = rows.length ? `<table><tr><th>Path</th><th>Metric</th><th>Value</th></tr>${rows.join("")}</table>` : '<p class="muted">No metrics found.</p>';
      }
    } catch (error) {
      box.innerHTML = `<pre class="error">${esc(error.message)}</pre>`;
    }
  }

  const showPlots = (rev) => (document.getElementById("plots").src = api("/api/plots", rev ? { rev } : {}));

  const loaded = {};
  function showTab(name) {
    for (const b of document.querySelectorAll("header nav button")) b.classList.toggle("active", b.dataset.tab === name);
    for (const t of document.querySelectorAll("section.tab")) t.classList.toggle("active", t.id === `tab-${name}`);
    if (name === "history") showHistory();
    if (name === "metrics" && !loaded.metrics) showMetrics((loaded.metrics = true) && undefined);
    if (name === "plots" && !loaded.plots) showPlots((loaded.plots = true) && undefined);
  }
  for (const b of document.querySelectorAll("header nav button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  for (const [id, show] of [["tab-metrics", showMetrics], ["tab-plots", showPlots]]) {
    document.querySelector(`#${id} form`).addEventListener("submit", (event) => {
      event.preventDefault();
      show(event.target.rev.value.trim() || undefined);
    });
  }

  // ---- start -------------------------------------------------------------------------------
  window.pivotUi = { renderedAtMs: 0, paintedAtMs: 0, states, showTab, openStage };
  for (const s of data.states.stages) states.set(s.id, s);
  renderLegend();
  render();
  applyReport(data.states);
  connect();
})();
