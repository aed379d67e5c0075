// Sync dashboard: keep the "Running now" cells current without reloading the page.
// Polls the dashboard's live/ endpoint (same login and permission as the page) every 1.5 s and
// redraws each running flow's bar: done/total, objects per second and the time left.
(function () {
  "use strict";
  const POLL_MS = 1500;
  const root = document.getElementById("sync-dashboard");
  if (!root) return;
  const labels = JSON.parse(document.getElementById("sync-dashboard-labels").textContent);

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "";
    const s = Math.round(seconds);
    return s >= 60 ? Math.floor(s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  function text(run) {
    const parts = [];
    if (run.done !== undefined) parts.push(run.total ? run.done + "/" + run.total : String(run.done));
    if (run.rate) parts.push(run.rate.toFixed(1) + "/s");
    if (run.eta_s !== null && run.eta_s !== undefined && run.total) parts.push(labels.eta + " " + duration(run.eta_s));
    if (run.stage) parts.push(run.stage);
    return parts.join(" · ");
  }

  function draw(cell, run) {
    cell.dataset.active = "1";
    cell.textContent = "";
    const link = document.createElement("a");
    link.href = labels.flower + "task/" + encodeURIComponent(run.task_id);
    link.textContent = labels.running;
    cell.append(link, " ");
    if (run.dry_run) {
      const badge = document.createElement("span");
      badge.className = "dry-run-badge";
      badge.textContent = labels.dry_run;
      cell.append(badge, " ");
    }
    const bar = document.createElement("progress");
    if (run.total) { bar.max = run.total; bar.value = run.done || 0; }
    const words = document.createElement("span");
    words.className = "progress-text";
    words.textContent = text(run);
    cell.append(bar, " ", words);
  }

  function finished(cell) {
    delete cell.dataset.active;
    cell.textContent = "";
    const link = document.createElement("a");
    link.href = window.location.pathname;
    link.textContent = labels.finished;
    cell.append(link);
  }

  function update(running) {
    const seen = new Set();
    for (const run of running) {
      const key = run.flow + "|" + run.channel_id;
      seen.add(key);
      root.querySelectorAll('tr[data-key="' + CSS.escape(key) + '"] td.running').forEach((cell) => draw(cell, run));
    }
    root.querySelectorAll("td.running[data-active]").forEach((cell) => {
      if (!seen.has(cell.closest("tr").dataset.key)) finished(cell);
    });
    root.dataset.polled = String(Date.now());
  }

  async function poll() {
    try {
      const response = await fetch(root.dataset.live, {credentials: "same-origin", headers: {Accept: "application/json"}});
      if (response.ok) update((await response.json()).running);
    } catch (error) {
      // the next poll tries again; the page keeps what it last showed
    } finally {
      window.setTimeout(poll, POLL_MS);
    }
  }

  poll();
})();
