// sitrep's only script, written for it (no third-party code, nothing fetched from elsewhere):
// filter selects submit themselves; "/" goes to the search; a document's legend shows and hides
// kinds and j/k walk its marks; the map zooms, pans, clusters, labels and filters by date and
// type; the review queue sends an analyst's decisions to the write API with their token.
"use strict";

const typing = (event) => /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;

document.querySelectorAll("select.autosubmit").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});

document.addEventListener("keydown", (event) => {
  const search = document.getElementById("q");
  if (event.key === "/" && search && !typing(event)) {
    event.preventDefault();
    search.focus();
    search.select();
  }
});

// A document: the legend's boxes hide a kind (a piece then shows the next kind that covers it);
// j and k move to the next and previous search hit, or event when there was no search.
function documentView(text) {
  const hidden = new Set();
  const restyle = () => {
    text.querySelectorAll(".hl").forEach((piece) => {
      const shown = piece.dataset.kinds.split(" ").find((kind) => !hidden.has(kind));
      piece.className = shown ? `hl hl-${shown}` : "hl";
    });
  };
  document.querySelectorAll("input.kind-toggle").forEach((box) => {
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(box.value); else hidden.add(box.value);
      restyle();
    });
  });
  const stops = () => {
    const hits = [...text.querySelectorAll("mark")];
    return hits.length ? hits : [...text.querySelectorAll(".hl")].filter((p, i, all) =>
      p.dataset.kinds.includes("event") && !(all[i - 1] && all[i - 1].dataset.kinds.includes("event")));
  };
  let at = -1;
  document.addEventListener("keydown", (event) => {
    if (typing(event) || !["j", "k"].includes(event.key)) return;
    const found = stops();
    if (!found.length) return;
    if (found[at]) found[at].classList.remove("current");
    at = (at + (event.key === "j" ? 1 : found.length - 1)) % found.length;
    found[at].classList.add("current");
    found[at].scrollIntoView({ block: "center", behavior: "smooth" });
  });
}

const text = document.getElementById("text");
if (text && document.getElementById("legend")) documentView(text);

// The map. Coordinates are Web Mercator at zoom 0 (the world 256 units wide); the view is the
// SVG's viewBox, and marks are redrawn at a constant size on screen whenever it changes.
const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const COLOURS = {
  battles: "#c0392b", explosions_remote_violence: "#d35400", violence_against_civilians: "#8e44ad",
  protests: "#2980b9", riots: "#16a085", strategic_developments: "#7f8c8d",
};

function element(name, attributes, parent) {
  const made = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => made.setAttribute(key, value));
  if (parent) parent.appendChild(made);
  return made;
}

function dayOf(iso) { return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY); }
function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

class IncidentMap {
  constructor(svg, data) {
    this.svg = svg;
    this.data = data;
    const all = data.points.map(([id, at, type, dead, start, end, disputed]) => {
      const [x, y, place, region, country, precision] = data.places[at];
      return { id, x, y, place, region, country, precision, type, dead, start, end, disputed };
    });
    this.points = all.filter((p) => p.start).map((p) => ({ ...p, day: dayOf(p.start), last: dayOf(p.end || p.start) }));
    this.undated = all.filter((p) => !p.start);
    this.home = data.view.slice();
    this.view = data.view.slice();
    this.hiddenTypes = new Set();
    this.marks = svg.querySelector("#marks");
    this.labels = svg.querySelector("#labels");
    this.tiles = svg.querySelector("#tiles");
    this.selected = null;
    this.dates();
    this.controls();
    this.draw();
  }

  dates() {
    const days = this.points.map((p) => p.day);
    this.first = days.length ? Math.min(...days) : 0;
    this.lastDay = days.length ? Math.max(...this.points.map((p) => p.last)) : 0;
    this.from = document.getElementById("date-from");
    this.to = document.getElementById("date-to");
    [this.from, this.to].forEach((range) => { range.min = this.first; range.max = this.lastDay; });
    this.from.value = this.first;
    this.to.value = this.lastDay;
  }

  controls() {
    const onRange = (moved) => {
      if (+this.from.value > +this.to.value) (moved === this.from ? this.to : this.from).value = moved.value;
      this.draw();
    };
    [this.from, this.to].forEach((range) => range.addEventListener("input", () => onRange(range)));
    document.getElementById("zoom-in").addEventListener("click", () => this.zoom(0.5));
    document.getElementById("zoom-out").addEventListener("click", () => this.zoom(2));
    document.getElementById("zoom-reset").addEventListener("click", () => { this.view = this.home.slice(); this.draw(); });
    document.querySelectorAll("input.type-toggle").forEach((box) => box.addEventListener("change", () => {
      if (box.checked) this.hiddenTypes.delete(box.value); else this.hiddenTypes.add(box.value);
      this.draw();
    }));
    this.svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      this.zoom(event.deltaY > 0 ? 1.25 : 0.8, this.toWorld(event));
    }, { passive: false });
    this.svg.addEventListener("dblclick", (event) => { event.preventDefault(); this.zoom(0.5, this.toWorld(event)); });
    this.svg.addEventListener("keydown", (event) => this.key(event));
    this.drag();
  }

  key(event) {
    const [x, y, w, h] = this.view;
    const moves = { ArrowLeft: [-w / 6, 0], ArrowRight: [w / 6, 0], ArrowUp: [0, -h / 6], ArrowDown: [0, h / 6] };
    if (moves[event.key]) {
      this.view = [x + moves[event.key][0], y + moves[event.key][1], w, h];
      this.draw();
    } else if (event.key === "+" || event.key === "=") this.zoom(0.5);
    else if (event.key === "-" || event.key === "_") this.zoom(2);
    else return;
    event.preventDefault();
  }

  drag() {
    let start = null;
    this.svg.addEventListener("pointerdown", (event) => {
      if (event.target.closest(".mark")) return;
      start = { x: event.clientX, y: event.clientY, view: this.view.slice() };
      this.svg.setPointerCapture(event.pointerId);
      this.svg.classList.add("dragging");
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (!start) return;
      const scale = this.scale();
      this.view = [start.view[0] - (event.clientX - start.x) / scale, start.view[1] - (event.clientY - start.y) / scale,
        start.view[2], start.view[3]];
      this.svg.setAttribute("viewBox", this.view.join(" "));
    });
    const stop = () => { if (start) { start = null; this.svg.classList.remove("dragging"); this.draw(); } };
    this.svg.addEventListener("pointerup", stop);
    this.svg.addEventListener("pointercancel", stop);
  }

  // Screen pixels per world unit (the SVG keeps the view's aspect, fitting it in the element).
  scale() {
    const box = this.svg.getBoundingClientRect();
    return Math.min(box.width / this.view[2], box.height / this.view[3]) || 1;
  }

  toWorld(event) {
    const point = this.svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    const world = point.matrixTransform(this.svg.getScreenCTM().inverse());
    return [world.x, world.y];
  }

  zoom(factor, centre) {
    const [x, y, w, h] = this.view;
    const [cx, cy] = centre || [x + w / 2, y + h / 2];
    const nw = Math.min(512, Math.max(0.02, w * factor));
    const ratio = nw / w;
    this.view = [cx - (cx - x) * ratio, cy - (cy - y) * ratio, nw, h * ratio];
    this.draw();
  }

  shown() {
    const from = +this.from.value;
    const to = +this.to.value;
    return this.points.filter((p) => !this.hiddenTypes.has(p.type) && p.last >= from && p.day <= to);
  }

  draw() {
    this.svg.setAttribute("viewBox", this.view.join(" "));
    document.getElementById("date-from-label").textContent = isoOf(+this.from.value);
    document.getElementById("date-to-label").textContent = isoOf(+this.to.value);
    const scale = this.scale();
    const shown = this.shown();
    const groups = this.cluster(shown, scale);
    this.marks.replaceChildren();
    this.labels.replaceChildren();
    groups.forEach((group) => (group.length === 1 ? this.mark(group[0], scale) : this.clusterMark(group, scale)));
    this.label(groups, scale);
    if (this.data.tiles) this.drawTiles(scale);
    const undated = this.undated.length ? `; ${this.undated.length} undated not shown` : "";
    document.getElementById("map-count").textContent = `${shown.length} of ${this.points.length} incidents shown${undated}`;
  }

  // A point joins the first cluster whose anchor lies within reach on screen (the deadliest anchor
  // first); none when zoomed in far. Anchors are looked up by grid cell, so this stays linear.
  cluster(points, scale) {
    if (scale > 4000) return points.map((p) => [p]);
    const reach = 38 / scale;
    const cells = new Map();
    const clusters = [];
    [...points].sort((a, b) => b.dead - a.dead).forEach((p) => {
      const cx = Math.floor(p.x / reach);
      const cy = Math.floor(p.y / reach);
      let found = null;
      for (let dx = -1; dx <= 1 && !found; dx += 1) {
        for (let dy = -1; dy <= 1 && !found; dy += 1) {
          found = (cells.get(`${cx + dx}:${cy + dy}`) || []).find((c) => Math.hypot(c[0].x - p.x, c[0].y - p.y) < reach);
        }
      }
      if (found) { found.push(p); return; }
      const made = [p];
      clusters.push(made);
      const key = `${cx}:${cy}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(made);
    });
    return clusters;
  }

  mark(p, scale) {
    const radius = (5 + Math.min(16, 1.6 * Math.sqrt(p.dead))) / scale;
    const group = element("g", { class: "mark", tabindex: "0", role: "button", "data-type": p.type, "data-id": p.id,
      "aria-label": `${p.type.replaceAll("_", " ")}, ${p.place}, ${p.start}` }, this.marks);
    const colour = COLOURS[p.type] || "#52606d";
    if (p.precision === "country") {
      const side = 22 / scale;
      element("rect", { class: "country", x: p.x - side / 2, y: p.y - side / 2, width: side, height: side, fill: colour, stroke: colour }, group);
    } else if (p.precision === "region") {
      element("circle", { class: "region", cx: p.x, cy: p.y, r: 13 / scale, fill: colour, stroke: colour }, group);
    } else {
      element("circle", { class: "town", cx: p.x, cy: p.y, r: radius, fill: colour }, group);
    }
    element("title", {}, group).textContent = `${p.type.replaceAll("_", " ")}, ${p.place}, ${p.start}${p.dead ? `, ${p.dead} dead` : ""}`;
    if (this.selected === p.id) group.classList.add("selected");
    const choose = () => this.select(p);
    group.addEventListener("click", choose);
    group.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(); } });
  }

  clusterMark(points, scale) {
    const { x, y } = points[0];
    const radius = (11 + Math.min(12, 2.5 * Math.sqrt(points.length))) / scale;
    const group = element("g", { class: "mark cluster-mark", tabindex: "0", role: "button",
      "aria-label": `${points.length} incidents: zoom in` }, this.marks);
    element("circle", { class: "cluster", cx: x, cy: y, r: radius }, group);
    element("text", { class: "cluster-count", x, y, "font-size": 12 / scale }, group).textContent = points.length;
    element("title", {}, group).textContent = `${points.length} incidents here: zoom in`;
    const open = () => this.zoom(0.35, [x, y]);
    group.addEventListener("click", open);
    group.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); open(); } });
  }

  // Place names beside single marks, where they run into neither a cluster nor a name already written.
  label(groups, scale) {
    const size = 12 / scale;
    const taken = groups.filter((g) => g.length > 1).map(([{ x, y }]) => {
      const r = 24 / scale;
      return [x - r, y - r, x + r, y + r];
    });
    groups.filter((g) => g.length === 1).map((g) => g[0]).sort((a, b) => b.dead - a.dead).slice(0, 150).forEach((p) => {
      const width = (p.place.length * 6.6 + 4) / scale;
      const box = [p.x + 9 / scale, p.y - size, p.x + 9 / scale + width, p.y + size / 2];
      if (taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) return;
      taken.push(box);
      element("text", { class: "label", x: box[0], y: p.y + size / 3, "font-size": size, "stroke-width": 3 / scale }, this.labels)
        .textContent = p.place;
    });
  }

  select(p) {
    this.selected = p.id;
    this.marks.querySelectorAll(".mark.selected").forEach((m) => m.classList.remove("selected"));
    const chosen = this.marks.querySelector(`.mark[data-id="${p.id}"]`);
    if (chosen) chosen.classList.add("selected");
    const detail = document.getElementById("map-detail");
    const rows = [["type", p.type.replaceAll("_", " ")], ["place", [p.place, p.region, p.country].filter(Boolean).join(", ")],
      ["placed to", p.precision === "town" ? "the town itself" : `the ${p.precision} only`],
      ["dates", p.end && p.end !== p.start ? `${p.start} to ${p.end}` : p.start], ["reported dead", p.dead ? `at least ${p.dead}` : "none reported"]];
    if (p.disputed) rows.push(["tolls", "the sources disagree"]);
    const list = document.createElement("dl");
    rows.forEach(([name, value]) => {
      list.appendChild(document.createElement("dt")).textContent = name;
      list.appendChild(document.createElement("dd")).textContent = value;
    });
    const link = document.createElement("a");
    link.href = `/incidents/${encodeURIComponent(p.id)}`;
    link.textContent = "Open the incident and its sources →";
    detail.replaceChildren(list, link);
  }

  drawTiles(scale) {
    const zoom = Math.max(0, Math.min(18, Math.round(Math.log2(scale))));
    const size = 256 / 2 ** zoom;
    const [x, y, w, h] = this.view;
    const count = 2 ** zoom;
    this.tiles.replaceChildren();
    for (let tx = Math.floor(x / size); tx <= Math.floor((x + w) / size) && tx - Math.floor(x / size) < 24; tx += 1) {
      for (let ty = Math.max(0, Math.floor(y / size)); ty <= Math.min(count - 1, Math.floor((y + h) / size)); ty += 1) {
        const url = this.data.tiles.replace("{z}", zoom).replace("{x}", ((tx % count) + count) % count).replace("{y}", ty);
        element("image", { href: url, x: tx * size, y: ty * size, width: size, height: size }, this.tiles);
      }
    }
  }
}

const mapData = document.getElementById("map-data");
if (mapData) window.sitrepMap = new IncidentMap(document.getElementById("map"), JSON.parse(mapData.textContent));

// The review queue: each button sends its decision to the write API with the analyst's token
// (kept in this tab's session storage), then shows the next event.
function reviewQueue(form) {
  const item = document.getElementById("review-item");
  const status = document.getElementById("decide-status");
  const token = document.getElementById("token");
  if (token) token.value = sessionStorage.getItem("sitrep-token") || "";
  const reason = form.querySelector(".reason");
  const post = async (path, body) => {
    if (token) sessionStorage.setItem("sitrep-token", token.value);
    status.className = "status";
    status.textContent = "Saving…";
    const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json",
      Authorization: `Bearer ${token ? token.value : ""}` }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      status.className = "status failed";
      status.textContent = `Not saved: ${answer.detail && typeof answer.detail === "string" ? answer.detail : response.status}`;
      return;
    }
    status.className = "status ok";
    status.textContent = `Saved (${answer.decision}); ${answer.incidents} incidents now.`;
    window.location.reload();
  };
  const event = item.dataset.event;
  const incident = item.dataset.incident;
  const decide = {
    confirm: () => post(`/api/events/${encodeURIComponent(event)}/confirm`, {}),
    reject: () => { reason.hidden = false; document.getElementById("reason").focus(); },
    "reject-now": () => {
      const why = document.getElementById("reason").value.trim();
      if (!why) { status.className = "status failed"; status.textContent = "Say why it is no event."; return; }
      post(`/api/events/${encodeURIComponent(event)}/reject`, { reason: why });
    },
    split: () => post(`/api/incidents/${encodeURIComponent(incident)}/split`, { event }),
    merge: () => post("/api/incidents/merge", { first: incident, second: document.getElementById("merge-with").value }),
  };
  form.querySelectorAll("button[data-decision]").forEach((button) => {
    button.addEventListener("click", () => decide[button.dataset.decision]());
  });
  document.addEventListener("keydown", (key) => {
    if (typing(key) || form.dataset.writable !== "yes") return;
    if (key.key === "c") decide.confirm();
    else if (key.key === "r") { key.preventDefault(); decide.reject(); }
  });
}

const decideForm = document.getElementById("decide");
if (decideForm) {
  reviewQueue(decideForm);
  document.addEventListener("keydown", (key) => {
    if (key.key === "n" && !typing(key)) document.getElementById("skip").click();
  });
}
