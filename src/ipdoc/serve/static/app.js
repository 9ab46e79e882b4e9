/* ipdoc review page. One script for the live application (ipdoc serve: edits are sent
   to the local server, which saves the project file) and the read-only report (every
   page is in the file; only navigation and filters). No framework, no network but
   the local server. */
(function () {
  "use strict";
  const body = document.body;
  const live = body.dataset.live === "1";
  const $ = (sel, el) => (el || document).querySelector(sel);
  const $$ = (sel, el) => Array.from((el || document).querySelectorAll(sel));
  const rowsPane = $(".rows-pane");
  let revision = Number(body.dataset.revision || 0);
  let current = null;  // fingerprint of the selected finding
  let busy = false;

  // ------------------------------------------------------------------ status line
  function status(text, kind) {
    const el = $("#status");
    el.textContent = text || "";
    el.className = kind || "";
  }

  // ------------------------------------------------------------------ pages
  function firsts() {
    const el = $("#firsts");
    return el ? el.dataset.firsts.split(",").map(Number) : [0];
  }
  function currentPage() {
    const el = $("#firsts");
    return el ? Number(el.dataset.current) : 0;
  }
  function pageOf(k) {
    const f = firsts();
    let p = 0;
    for (let i = 0; i < f.length; i++) if (f[i] <= k) p = i;
    return p;
  }
  function pageCount() { return firsts().length; }

  async function showPage(n) {
    n = Math.max(0, Math.min(pageCount() - 1, n));
    if (!live) {
      $$("section.page").forEach((s) => { s.hidden = Number(s.dataset.page) !== n; });
      $("#firsts").dataset.current = String(n);
      const sel = $("#page");
      if (sel) sel.value = String(n);
      const of = $(".pager .of");
      if (of) of.textContent = "page " + (n + 1) + " of " + pageCount();
      drawWindow();
      rowsPane.scrollTop = 0;
      return;
    }
    await view(n, ["rows", "pages"]);
    drawWindow();
    rowsPane.scrollTop = 0;
  }

  function drawWindow() {
    const win = $("#win");
    if (!win) return;
    const f = firsts(), p = currentPage();
    const first = f[p], last = (p + 1 < f.length ? f[p + 1] : Number(body.dataset.rows)) - 1;
    const a = $('.mk[data-b="' + first + '"]'), b = $('.mk[data-b="' + last + '"]');
    if (!a || !b) return;
    const x0 = +a.getAttribute("x1"), y0 = +a.getAttribute("y1"), x1 = +b.getAttribute("x2"), y1 = +b.getAttribute("y2");
    win.setAttribute("x", x0); win.setAttribute("y", y0);
    win.setAttribute("width", Math.max(0, x1 - x0)); win.setAttribute("height", Math.max(0, y1 - y0));
  }

  // ------------------------------------------------------------------ server (live)
  function applyParts(data) {
    const parts = data.parts || {};
    const top = rowsPane.scrollTop;
    if (parts.rows !== undefined) $("#rows").innerHTML = parts.rows;
    if (parts.pages !== undefined) $("#pager").innerHTML = parts.pages;
    if (parts.map !== undefined) { $("#map").innerHTML = parts.map; readMarks(); }
    if (parts.findings !== undefined) { $("#findings").innerHTML = parts.findings; filter(); }
    if (parts.summary !== undefined) $("#summary").innerHTML = parts.summary;
    if (data.revision !== undefined) { revision = data.revision; body.dataset.revision = String(revision); }
    rowsPane.scrollTop = top;
    if (current) mark(current, false);
  }

  async function view(page, which) {
    const q = "/api/view?page=" + page + (which ? "&parts=" + which.join(",") : "");
    const r = await fetch(q, { credentials: "same-origin" });
    if (!r.ok) { status("Could not load the page: " + r.status, "error"); return; }
    applyParts(await r.json());
  }

  async function change(action, args, note) {
    if (!live || busy) return false;
    busy = true;
    status(note || "Saving…", "busy");
    try {
      const r = await fetch("/api/change", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-Ipdoc": "1" },
        body: JSON.stringify({ revision: revision, action: action, args: args || {}, page: currentPage() }),
      });
      let data = {};
      try { data = await r.json(); } catch (e) { data = { error: r.statusText }; }
      if (r.status === 409) {
        await view(currentPage());
        status((data.error || "The project changed elsewhere.") + " Reloaded: your last change was not applied; make it again if still needed.", "error");
        return false;
      }
      if (!r.ok) { status(data.error || ("Error " + r.status), "error"); return false; }
      applyParts(data);
      status("Saved: revision " + data.revision + (data.did ? " (" + data.did + ")" : ""), "ok");
      return true;
    } catch (e) {
      status("The server did not answer: " + e, "error");
      return false;
    } finally {
      busy = false;
    }
  }

  // ------------------------------------------------------------------ going to a row or finding
  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }
  async function goTo(k, fp) {
    if (k < 0) return;
    const p = pageOf(k);
    if (p !== currentPage()) await showPage(p);
    const row = document.getElementById("b" + k);
    if (!row) return;
    $$(".row.sel").forEach((r) => r.classList.remove("sel"));
    row.classList.add("sel");
    row.scrollIntoView({ block: "center" });
    flash(row);
    $$("svg.map .here").forEach((m) => m.classList.remove("here"));
    const mk = $('.mk[data-b="' + k + '"]');
    if (mk) mk.classList.add("here");
    if (fp) mark(fp, false);
  }
  function mark(fp, scroll) {
    current = fp;
    $$("mark.hl").forEach((m) => m.classList.remove("hl"));
    $$(".rfi.cur, .fi.cur").forEach((m) => m.classList.remove("cur"));
    $$("mark[data-fps]").forEach((m) => { if (m.dataset.fps.split(" ").includes(fp)) m.classList.add("hl"); });
    const item = $('.rfi[data-fp="' + fp + '"]');
    if (item) item.classList.add("cur");
    const li = $('.fi[data-fp="' + fp + '"]');
    if (li) {
      li.classList.add("cur");
      const grp = li.closest("details");
      if (grp && !grp.open) grp.open = true;
      if (scroll !== false) li.scrollIntoView({ block: "nearest" });
    }
  }
  function select(fp) {
    const li = $('.fi[data-fp="' + fp + '"]');
    const k = li ? Number(li.dataset.b) : -1;
    mark(fp, true);
    if (k >= 0) goTo(k, fp);
  }

  // ------------------------------------------------------------------ the map
  let marks = [];
  function readMarks() {
    marks = $$("svg.map .mk").map((m) => ({
      k: Number(m.dataset.b), x1: +m.getAttribute("x1"), y1: +m.getAttribute("y1"),
      x2: +m.getAttribute("x2"), y2: +m.getAttribute("y2"),
    }));
    drawWindow();
  }
  function nearest(svg, ev) {
    const box = svg.getBoundingClientRect();
    const px = (ev.clientX - box.left) / box.width * 1000, py = (ev.clientY - box.top) / box.height * 1000;
    const sx = box.width / 1000, sy = box.height / 1000;
    let best = -1, dist = Infinity;
    for (const m of marks) {
      const dx = (m.x2 - m.x1) * sx, dy = (m.y2 - m.y1) * sy;
      const qx = (px - m.x1) * sx, qy = (py - m.y1) * sy;
      const len = dx * dx + dy * dy;
      const t = len > 0 ? Math.max(0, Math.min(1, (qx * dx + qy * dy) / len)) : 0;
      const ex = qx - t * dx, ey = qy - t * dy;
      const d = ex * ex + ey * ey;
      if (d < dist) { dist = d; best = m.k; }
    }
    return best;
  }
  $("#map").addEventListener("click", (ev) => {
    const svg = $("svg.map");
    if (!svg) return;
    const t = ev.target;
    if (t.classList && t.classList.contains("tk")) { select(t.dataset.fp); return; }
    const k = t.classList && t.classList.contains("mk") ? Number(t.dataset.b) : nearest(svg, ev);
    if (k >= 0) goTo(k);
  });

  // ------------------------------------------------------------------ filters
  function filter() {
    const q = ($("#q").value || "").trim().toLowerCase();
    const fams = new Set($$('input[name="fam"]:checked').map((i) => i.value));
    const sev = $("#sev").value;
    const rank = { info: 0, warning: 1, error: 2 };
    const band = $("#band").value;
    const undecided = $("#undecided").checked;
    $$(".fi").forEach((li) => {
      const d = li.dataset;
      let on = fams.has(d.fam) && rank[d.sev] >= rank[sev];
      if (band === "low") on = on && (d.band === "check" || d.band === "doubt");
      else if (band) on = on && d.band === band;
      if (undecided) on = on && !d.state;
      if (q) on = on && d.q.indexOf(q) >= 0;
      li.classList.toggle("off", !on);
    });
    $$(".key").forEach((k) => k.classList.toggle("empty", !$(".fi:not(.off)", k)));
    $$(".grp").forEach((g) => {
      const n = $$(".fi:not(.off)", g).length;
      g.classList.toggle("empty", n === 0);
      const c = $(":scope > summary .n", g);
      if (c) c.textContent = String(n);
    });
  }
  $("#filters").addEventListener("input", filter);
  $("#filters").addEventListener("submit", (ev) => ev.preventDefault());

  $("#findings").addEventListener("click", (ev) => {
    const li = ev.target.closest(".fi");
    if (li) select(li.dataset.fp);
  });
  function step(dir) {
    const items = $$(".fi:not(.off)").filter((li) => !li.closest(".grp.empty"));
    if (!items.length) return;
    let i = items.findIndex((li) => li.dataset.fp === current);
    i = i < 0 ? (dir > 0 ? 0 : items.length - 1) : (i + dir + items.length) % items.length;
    select(items[i].dataset.fp);
  }

  // ------------------------------------------------------------------ rows: marks and pager
  $("#rows").addEventListener("click", (ev) => {
    const m = ev.target.closest("mark[data-fps]");
    if (m) { mark(m.dataset.fps.split(" ")[0], true); return; }
    if (live) rowAction(ev);
  });
  $("#pager").addEventListener("change", (ev) => {
    if (ev.target.id === "page") showPage(Number(ev.target.value));
  });
  $("#pager").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-go]");
    if (b) showPage(currentPage() + Number(b.dataset.go));
  });

  // ------------------------------------------------------------------ editing (live)
  function editor(row, label, text, onSave, extra) {
    $$(".editor", row).forEach((e) => e.remove());
    const box = document.createElement("div");
    box.className = "editor";
    const area = document.createElement("textarea");
    area.value = text || "";
    area.setAttribute("aria-label", label);
    const bar = document.createElement("div");
    bar.className = "bar";
    const title = document.createElement("span");
    title.textContent = label;
    const save = document.createElement("button");
    save.type = "button"; save.textContent = "Save"; save.className = "save";
    const cancel = document.createElement("button");
    cancel.type = "button"; cancel.textContent = "Cancel";
    bar.append(title, save, cancel);
    if (extra) box.append(extra); else box.append(area);
    box.append(bar);
    row.append(box);
    save.addEventListener("click", () => onSave(area.value, box));
    cancel.addEventListener("click", () => box.remove());
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") box.remove();
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) onSave(area.value, box);
    });
    (extra ? box.querySelector("select") : area).focus();
    return box;
  }
  function unitText(span) {
    const c = span.cloneNode(true);
    $$("del", c).forEach((d) => d.remove());
    return c.textContent.replace(/\s+/g, " ").trim();
  }
  function splitChooser(row) {
    const wrap = document.createElement("div");
    wrap.className = "bar";
    const pick = (side, n, label) => {
      const l = document.createElement("label");
      l.textContent = label + " ";
      const s = document.createElement("select");
      s.name = side;
      const units = $$("." + side + " .u", row);
      for (let i = 0; i <= n; i++) {
        const o = document.createElement("option");
        o.value = String(i);
        const prev = i > 0 ? unitText(units[i - 1]).slice(-24) : "";
        o.textContent = i === 0 ? "none in the first row" : i + (prev ? " (…" + prev + ")" : "");
        if (i === Math.ceil(n / 2)) o.selected = true;
        s.append(o);
      }
      l.append(s);
      return l;
    };
    wrap.append(pick("zh", Number(row.dataset.nzh), "Chinese units in the first row:"),
      pick("en", Number(row.dataset.nen), "English units in the first row:"));
    return wrap;
  }
  function rowAction(ev) {
    const btn = ev.target.closest("button");
    if (!btn) return;
    const row = btn.closest(".row");
    if (!row) return;
    const k = Number(row.dataset.b);
    const act = btn.dataset.act;
    const item = btn.closest(".rfi");
    if (item && btn.dataset.dec !== undefined) {
      const fp = item.dataset.fp;
      mark(fp, true);
      const dec = btn.dataset.dec;
      if (dec === "replace") {
        const fixed = $(".fix", item);
        const hl = $('mark[data-fps~="' + fp + '"]', row);
        const start = fixed ? fixed.textContent.replace(/^→ “|” \(.*\)$/g, "").replace(/”\s*$/, "") : (hl ? hl.textContent : "");
        editor(row, "Replace the flagged text with:", start, (text) => change("decide", { fingerprint: fp, decision: "replace", text: text }));
        return;
      }
      change("decide", { fingerprint: fp, decision: dec || null });
      return;
    }
    if (item && btn.dataset.rev !== undefined) {
      change("review", { fingerprint: item.dataset.fp, on: btn.dataset.rev === "1" });
      return;
    }
    if (act === "edit") {
      const u = Number(btn.dataset.u);
      const span = $('.en .u[data-u="' + u + '"]', row);
      editor(row, "English unit " + u + " (an editor's change; the source text is kept):", unitText(span),
        (text) => change("edit", { unit: u, text: text }));
    } else if (act === "supply") {
      const cur = $(".supplied", row);
      editor(row, "The English of this omission:", cur ? cur.textContent : "",
        (text) => change("supply", { bead: k, text: text }));
    } else if (act === "split") {
      editor(row, "Split here", "", (_t, box) => change("split", {
        bead: k, zh_at: Number($('select[name="zh"]', box).value), en_at: Number($('select[name="en"]', box).value),
      }), splitChooser(row));
    } else if (act === "merge") {
      change("merge", { bead: k });
    } else if (act === "move") {
      change("move", { bead: k, side: btn.dataset.side, down: btn.dataset.down === "1" });
    } else if (act === "unlink") {
      change("unlink", { bead: k });
    } else if (act === "confirm") {
      change("confirm", { bead: k, on: btn.dataset.on === "1" });
    }
  }
  if (live) {
    $("#undo").addEventListener("click", () => change("undo", {}));
    const re = $("#realign");
    if (re) re.addEventListener("click", () => change("realign", {}, "Aligning again the beads not confirmed… (this can take a while)"));
  }

  // ------------------------------------------------------------------ clauses
  // a hover on a clause (its text or its number) highlights it and its counterpart in the row
  let lit = [];
  function lightClause(ev) {
    const c = ev.target.closest ? ev.target.closest("[data-cl]") : null;
    const row = c ? c.closest(".row") : null;
    lit.forEach((el) => el.classList.remove("clh"));
    lit = row ? $$('[data-cl="' + c.dataset.cl + '"]', row) : [];
    lit.forEach((el) => el.classList.add("clh"));
  }
  document.addEventListener("mouseover", lightClause);

  // ------------------------------------------------------------------ keyboard
  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) {
      if (ev.key === "Escape") t.blur();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) {
      if (live && (ev.ctrlKey || ev.metaKey) && ev.key === "z") { ev.preventDefault(); change("undo", {}); }
      return;
    }
    const li = current ? $('.fi[data-fp="' + current + '"]') : null;
    switch (ev.key) {
      case "j": case "n": step(1); break;
      case "k": case "p": step(-1); break;
      case "/": ev.preventDefault(); $("#q").focus(); break;
      case "a": if (live && li && li.dataset.fix === "1") change("decide", { fingerprint: current, decision: "accept" }); break;
      case "r": if (live && li) change("decide", { fingerprint: current, decision: "reject" }); break;
      case "v": if (live && li) change("review", { fingerprint: current, on: li.dataset.state !== "reviewed" }); break;
      case "u": if (live) change("undo", {}); break;
      default: return;
    }
  });

  readMarks();
  filter();
  body.dataset.ready = "1";
})();
