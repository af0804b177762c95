// Godwit dashboard: polls /api/state and redraws. Plain DOM, text only (no innerHTML from data).
"use strict";

const POLL_MS = 2000;
const HOUR_MS = 3600 * 1000;
const MIN_SPAN_MS = 5 * 60 * 1000;
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v; else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

const nf = new Intl.NumberFormat("en-US");
function num(v) { return v === null || v === undefined ? "-" : nf.format(v); }
function bytes(v) {
  if (v === null || v === undefined) return "-";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0; let x = v;
  while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
  return (i === 0 ? x : x.toFixed(1)) + " " + units[i];
}
function secs(v) {
  if (v === null || v === undefined) return "-";
  if (v < 1) return v.toFixed(3) + " s";
  if (v < 60) return v.toFixed(1) + " s";
  const m = Math.floor(v / 60); const s = Math.round(v % 60);
  if (m < 60) return m + " min " + s + " s";
  return Math.floor(m / 60) + " h " + (m % 60) + " min";
}
function ms(v) { return v === null || v === undefined ? "-" : v < 1000 ? v + " ms" : (v / 1000).toFixed(2) + " s"; }
function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : "-"; }
function ago(iso, now) { return iso ? secs(Math.max(0, (now - new Date(iso)) / 1000)) + " ago" : "-"; }

function figure(label, value, extra) {
  return el("div", { class: "figure" + (extra && extra.big ? " big" : "") + (extra && extra.wide ? " wide" : ""), "data-figure": extra && extra.name },
    el("span", { class: "label", text: label }),
    el("span", { class: "value" + (extra && extra.cls ? " " + extra.cls : ""), text: value }));
}

function statusBadge(status, running) {
  const cls = status === "running" || status === "caught-up" ? "ok"
    : status === "reconnecting" || status === "new" ? "warn" : status === "failed" || status === "error" ? "bad" : "";
  return [el("span", { class: "badge " + cls, text: status || "-" }),
    el("span", { class: "badge " + (running ? "ok" : "warn"), text: running ? "process running" : "no process" })];
}

function lagChart(stream, now) {
  const w = 600, h = 90;
  const points = stream.samples.map(s => [new Date(s.at).getTime(), s.lag_seconds])
    .filter(p => p[1] !== null && now - p[0] <= HOUR_MS);
  if (stream.lag_seconds !== null) points.push([now, stream.lag_seconds]);
  // The last hour, or less while the stream is younger (at least 5 minutes), so a new stream's line is readable.
  const span = Math.min(HOUR_MS, Math.max(MIN_SPAN_MS, points.length > 0 ? now - points[0][0] : 0));
  const max = Math.max(1, ...points.map(p => p[1]));
  const chart = svg("svg", { class: "chart", viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: "none", role: "img",
    "aria-label": "lag over the last hour, up to " + secs(max) });
  if (points.length > 0) {
    const xy = points.map(([t, v]) => [((t - (now - span)) / span) * (w - 4), h - 4 - (v / max) * (h - 8)]);
    const d = xy.map((p, i) => (i === 0 ? "M" : "L") + p[0].toFixed(1) + " " + p[1].toFixed(1)).join(" ");
    chart.append(svg("path", { class: "area", d: d + ` L${xy[xy.length - 1][0].toFixed(1)} ${h} L${xy[0][0].toFixed(1)} ${h} Z` }));
    chart.append(svg("path", { class: "line", d }));
    const last = xy[xy.length - 1];
    chart.append(svg("circle", { class: "dot", cx: last[0].toFixed(1), cy: last[1].toFixed(1), r: "3" }));
  }
  return el("div", { class: "chart-box" },
    el("div", { class: "figure" }, el("span", { class: "label", text: "lag over the last " + (span >= HOUR_MS ? "hour" : Math.round(span / 60000) + " min") + " (top: " + secs(max) + ")" })),
    chart,
    el("div", { class: "axis" }, el("span", { text: Math.round(span / 60000) + " min ago" }), el("span", { text: "now" })));
}

function streamCard(s, now) {
  const lagCls = s.lag_seconds === null ? "" : s.lag_seconds > 60 ? "error-text" : "";
  const reverse = s.direction === "reverse";
  return el("article", { class: "card stream" + (reverse ? " reverse" : ""), "data-stream": s.stream, "data-direction": s.direction },
    el("h3", {}, el("span", { class: "name", text: s.stream }),
      el("span", { class: "badge " + (reverse ? "warn" : ""), text: reverse ? "reverse: into the old source" : "forward" }),
      statusBadge(s.status, s.running)),
    el("div", { class: "figures" },
      figure("lag", secs(s.lag_seconds), { big: true, name: "lag", cls: lagCls }),
      figure("events/s", s.events_per_second === null ? "-" : s.events_per_second.toFixed(1), { big: true, name: "events-per-second" }),
      figure("last event", ago(s.last_event_time, now), { name: "last-event" }),
      figure("last commit", s.seconds_since_applied === null ? "-" : secs(s.seconds_since_applied) + " ago", { name: "last-commit" }),
      figure("rows applied", num(s.rows_applied), { name: "rows-applied" }),
      figure("transactions", num(s.transactions_applied), { name: "transactions" }),
      figure("errors", num(s.errors), { name: "errors", cls: s.errors > 0 ? "error-text" : "" }),
      figure("reconnects", num(s.reconnects), { name: "reconnects", cls: s.reconnects > 0 ? "error-text" : "" }),
      figure("behind source", bytes(s.bytes_behind), { name: "bytes-behind" }),
      figure("source keeps for it", s.retention ? bytes(s.retention.retained_bytes) + (s.retention.status ? " (" + s.retention.status + ")" : "") : "-", { name: "retention" }),
      figure("applied position (" + s.source_database + " → " + s.target_schema + ")", s.applied_position || "-", { name: "position", wide: true })),
    lagChart(s, now),
    s.last_error ? el("p", { class: "error-text", "data-figure": "last-error", text: "last error " + ago(s.last_error_at, now) + ": " + s.last_error }) : null);
}

function copyRun(c, now) {
  const r = c.run;
  const pct = c.chunks === 0 ? 0 : Math.round((c.chunks_done / c.chunks) * 100);
  const rows = r.tables.map(t => el("tr", { "data-table": t.table },
    el("td", { text: t.table }),
    el("td", {}, el("progress", { max: String(Math.max(1, t.chunks)), value: String(t.chunks_done) })),
    el("td", { class: "num", text: num(t.chunks_done) + "/" + num(t.chunks) }),
    el("td", { class: "num", text: num(t.rows_loaded) }),
    el("td", { class: "num hide-narrow", text: num(t.rows_rejected) }),
    el("td", { class: "num hide-narrow", text: bytes(t.bytes) }),
    el("td", { class: "num", text: t.done ? "done" : secs(c.table_eta_seconds[t.table]) })));
  return el("article", { class: "card copy", "data-run": String(r.run_id) },
    el("h3", {}, el("span", { text: "run " + r.run_id + " · " + r.stream }),
      el("span", { class: "badge " + (r.status === "done" ? "ok" : "warn"), text: r.status })),
    el("div", { class: "figures" },
      figure("progress", pct + "% of " + num(c.chunks) + " chunks", { name: "copy-progress" }),
      figure("rows loaded", num(c.rows_loaded)),
      figure("rows/s", c.rows_per_second === null ? "-" : num(Math.round(c.rows_per_second))),
      figure("ETA", r.finished_at ? "done in " + secs((new Date(r.finished_at) - new Date(r.started_at)) / 1000) : secs(c.eta_seconds), { name: "copy-eta" }),
      figure("started", time(r.started_at))),
    el("div", { class: "scroll" }, el("table", {},
      el("thead", {}, el("tr", {}, el("th", { text: "table" }), el("th", { text: "chunks" }), el("th", { class: "num", text: "done" }),
        el("th", { class: "num", text: "rows" }), el("th", { class: "num hide-narrow", text: "rejected" }),
        el("th", { class: "num hide-narrow", text: "bytes" }), el("th", { class: "num", text: "ETA" }))),
      el("tbody", {}, rows))));
}

function switchCard(c, now) {
  const cls = c.result === "switched" || c.result === "planned" ? "ok" : c.result === null ? "warn" : "bad";
  const steps = c.steps.length > 0
    ? c.steps.map(s => el("li", { class: "switch-step", "data-step": s.name },
        el("span", { text: s.status === "ok" ? "✓" : s.status === "skipped" ? "–" : "✗" }),
        el("span", { class: "name", text: s.name }),
        el("span", { class: "ms", text: ms(s.ms) }),
        el("span", { class: "detail", text: s.detail || "" })))
    : [el("li", { class: "switch-step", "data-step": c.step }, el("span", { text: "…" }), el("span", { class: "name", text: c.step }),
        el("span", { class: "ms", text: ago(c.started_at, now) }), el("span", { class: "detail", text: "running now" }))];
  return el("article", { class: "card switch", "data-switch": String(c.id) },
    el("h3", {}, el("span", { text: c.kind + " " + c.id + " · " + c.target_schema }),
      el("span", { class: "badge " + cls, text: c.result || "in progress: " + c.step }),
      c.source_frozen && c.result === null ? el("span", { class: "badge bad", text: "source frozen" }) : null),
    el("div", { class: "figures" },
      figure("freeze", ms(c.freeze_ms), { big: true, name: "freeze" }),
      figure("started", time(c.started_at)),
      figure("took", c.finished_at ? secs((new Date(c.finished_at) - new Date(c.started_at)) / 1000) : "-")),
    c.abort_reason ? el("p", { class: "error-text", text: c.abort_reason }) : null,
    el("ul", { class: "steps" }, steps));
}

function verifyTable(runs) {
  return el("div", { class: "card scroll" }, el("table", {},
    el("thead", {}, el("tr", {}, el("th", { text: "run" }), el("th", { text: "schema" }), el("th", { text: "mode" }),
      el("th", { class: "num", text: "differences" }), el("th", { class: "hide-narrow", text: "differing tables" }),
      el("th", { class: "num hide-narrow", text: "chunks" }), el("th", { text: "finished" }))),
    el("tbody", {}, runs.map(v => el("tr", { "data-verify": v.run_id },
      el("td", { text: v.description }),
      el("td", { text: v.target_schema || "-" }),
      el("td", { text: v.mode || "-" }),
      el("td", { class: "num " + (v.differences > 0 ? "error-text" : ""), text: v.differences === null ? "running" : num(v.differences) }),
      el("td", { class: "hide-narrow", text: v.differing_tables.join(", ") || "-" }),
      el("td", { class: "num hide-narrow", text: num(v.chunks_checked) + (v.chunks_differing ? " (" + num(v.chunks_differing) + " differ)" : "") }),
      el("td", { text: v.finished_at ? time(v.finished_at) : "-" }))))));
}

function clusterWorkers(workers, now) {
  return el("div", { class: "card scroll" }, el("table", {},
    el("thead", {}, el("tr", {}, el("th", { text: "worker" }), el("th", { text: "status" }), el("th", { class: "num", text: "chunks" }),
      el("th", { class: "hide-narrow", text: "latest chunks" }), el("th", { class: "hide-narrow", text: "alive" }))),
    el("tbody", {}, workers.map(w => el("tr", { "data-worker": w.name },
      el("td", { title: w.address, text: w.name }),
      el("td", {}, el("span", { class: "badge " + (w.status === "active" ? "ok" : w.status === "dead" ? "bad" : "warn"), text: w.status })),
      el("td", { class: "num", "data-figure": "chunks-committed", text: num(w.chunks_committed) }),
      el("td", { class: "hide-narrow", text: w.recent_chunks.join(" ") || "-" }),
      el("td", { class: "hide-narrow", text: ago(w.last_alive, now) }))))));
}

function clusterStreams(streams, now) {
  return el("div", { class: "card scroll" }, el("table", {},
    el("thead", {}, el("tr", {}, el("th", { text: "stream on the cluster" }), el("th", { text: "state" }), el("th", { text: "worker" }),
      el("th", { class: "num", text: "epoch" }), el("th", { class: "num", text: "lag" }), el("th", { class: "hide-narrow", text: "reported" }))),
    el("tbody", {}, streams.map(s => el("tr", { "data-cluster-stream": s.stream },
      el("td", { text: s.stream }),
      el("td", {}, el("span", { class: "badge " + (s.state === "running" ? "ok" : s.state === "failed" ? "bad" : "warn"), text: s.state }),
        s.error ? el("span", { class: "error-text", text: " " + s.error }) : null),
      el("td", { "data-figure": "holder", text: s.worker || "-" }),
      el("td", { class: "num", "data-figure": "epoch", text: num(s.epoch) }),
      el("td", { class: "num", text: secs(s.lag_seconds) }),
      el("td", { class: "hide-narrow", text: ago(s.reported_at, now) }))))));
}

function renderCluster(cluster, now) {
  document.getElementById("cluster-section").hidden = !cluster;
  if (!cluster) return;
  fill("cluster-streams", cluster.error ? [el("p", { class: "error-text", text: "cluster: " + cluster.error })]
    : cluster.streams.length > 0 ? [clusterStreams(cluster.streams, now)] : [], "no stream runs on the cluster (sync --cluster)");
  fill("cluster-workers", cluster.workers.length > 0 ? [clusterWorkers(cluster.workers, now)] : [], "no worker has joined the cluster yet (godwit worker --cluster URI)");
}

function fill(id, nodes, emptyText) {
  const box = document.getElementById(id);
  box.replaceChildren(...(nodes.length > 0 ? nodes : [el("p", { class: "empty", text: emptyText })]));
}

function render(state) {
  const now = new Date(state.read_at).getTime();
  document.getElementById("source-head").textContent = "source: " + (state.source_head || (state.source_error ? "unreadable" : "not given (--source)"));
  document.getElementById("updated").textContent = "read " + new Date(state.read_at).toLocaleTimeString();
  const banner = document.getElementById("error");
  banner.hidden = !state.source_error;
  banner.textContent = state.source_error ? "source: " + state.source_error : "";
  fill("streams", state.streams.map(s => streamCard(s, now)), "no change stream on this target (or, with --source, on the source) yet");
  fill("copies", state.copy_runs.map(c => copyRun(c, now)), "no copy run on this target yet");
  fill("switches", state.switches.map(c => switchCard(c, now)), "no cutover yet");
  fill("verifies", state.verify_runs.length > 0 ? [verifyTable(state.verify_runs)] : [], "no verify run yet");
  renderCluster(state.cluster, now);
  const other = state.other_retention || [];
  document.getElementById("retention-section").hidden = other.length === 0;
  fill("retention", other.map(r => el("p", { class: "error-text",
    text: r.name + ": " + (r.active ? "active" : "inactive") + ", keeps " + bytes(r.retained_bytes) + " (wal_status " + (r.status || "-") + ")" })), "");
}

async function poll() {
  try {
    const response = await fetch("/api/state", { cache: "no-store" });
    if (!response.ok) throw new Error("the dashboard answered " + response.status);
    render(await response.json());
    document.body.dataset.state = "live";
  } catch (e) {
    const banner = document.getElementById("error");
    banner.hidden = false;
    banner.textContent = "cannot read the state: " + e.message;
    document.body.dataset.state = "stale";
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

poll();
