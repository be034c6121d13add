// sitrep's only script, written for it (no third-party code, nothing fetched from elsewhere):
// filter selects submit themselves; "/" goes to the search; a document's legend shows and hides
// kinds and j/k walk its marks; the map zooms, pans, clusters, labels and filters by date and
// type; the review queue sends an analyst's decisions to the write API with their token.
"use strict";

const typing = (event) => /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;

document.querySelectorAll("select.autosubmit").forEach((select) => {
  select.addEventListener("change", () => select.form.requestSubmit());
});

// A filter left empty ("any") is not sent, so that it filters nothing rather than being refused.
document.querySelectorAll("form.filters").forEach((form) => {
  form.addEventListener("submit", () => {
    form.querySelectorAll("input[name], select[name]").forEach((field) => { field.disabled = field.value === ""; });
  });
});
window.addEventListener("pageshow", () => {  // back to a page whose form was sent: its fields usable again
  document.querySelectorAll("form.filters [disabled]").forEach((field) => { field.disabled = false; });
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
// SVG's viewBox, and marks are redrawn at a constant size on screen whenever it changes. The
// incidents at one place make one site; sites near each other on screen make a cluster, but only
// with sites placed as precisely: an incident known only to its region or country is drawn where
// the gazetteer puts the region (its main town) or the country (its capital), in a shape of its
// own, never counted into a cluster of towns.
const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const NEUTRAL = "#52606d";
const PRECISIONS = ["country", "region", "town"];  // drawn in this order, so towns lie on top
const PLACED = { town: "the town or village itself", region: "the region only (drawn at its main town)",
  country: "the country only (drawn at its capital)" };
const LISTED = 100;
const REACH = { town: 60, region: 80, country: 80 };  // screen pixels within which marks join a cluster

function element(name, attributes, parent) {
  const made = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => made.setAttribute(key, value));
  if (parent) parent.appendChild(made);
  return made;
}

function html(name, text, parent) {
  const made = document.createElement(name);
  if (text !== undefined) made.textContent = text;
  if (parent) parent.appendChild(made);
  return made;
}

function dayOf(iso) { return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY); }
function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
const words = (type) => type.replaceAll("_", " ");
const counted = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const span = (p) => (p.end && p.end !== p.start ? `${p.start} to ${p.end}` : p.start);

function placeName(place) {
  return place.precision === "town" ? place.name : `${place.name} (${place.precision})`;
}

function whereIs(place) {
  return place.precision === "country" ? place.name
    : [...new Set([place.name, place.region, place.country].filter(Boolean))].join(", ");
}

class IncidentMap {
  constructor(svg, data) {
    this.svg = svg;
    this.data = data;
    this.places = data.places.map(([x, y, name, region, country, precision], at) =>
      ({ at, x, y, name, region, country, precision }));
    this.colours = Object.fromEntries(data.types);
    const all = data.points.map(([id, at, type, dead, start, end, disputed]) =>
      ({ id, place: this.places[at], type: data.types[type][0], dead, start, end: end || start, disputed }));
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

  // The part of the world on screen: the view, widened on the axis where the element is longer.
  visible() {
    const box = this.svg.getBoundingClientRect();
    const scale = this.scale();
    const [x, y, w, h] = this.view;
    const [sw, sh] = [box.width / scale, box.height / scale];
    return [x - (sw - w) / 2, y - (sh - h) / 2, sw, sh];
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

  // A cluster opens to show its places: the view centred on them, at least twice as close.
  zoomTo(sites) {
    const xs = sites.map((s) => s.place.x);
    const ys = sites.map((s) => s.place.y);
    const [, , w, h] = this.view;
    const spread = Math.max((Math.max(...xs) - Math.min(...xs)) / w, (Math.max(...ys) - Math.min(...ys)) / h);
    const factor = Math.min(0.5, Math.max(1 / 64, spread * 1.8));
    const nw = Math.max(0.02, w * factor);
    const nh = h * (nw / w);
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    this.view = [cx - nw / 2, cy - nh / 2, nw, nh];
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
    this.marks.replaceChildren();
    this.labels.replaceChildren();
    const drawn = PRECISIONS.flatMap((precision) =>
      this.cluster(this.sites(shown.filter((p) => p.place.precision === precision)), REACH[precision] / scale))
      .map((sites) => this.mark(sites, scale));
    this.label(drawn, scale);
    if (this.data.tiles) this.drawTiles(scale);
    const undated = this.undated.length ? `; ${this.undated.length} undated not shown` : "";
    document.getElementById("map-count").textContent = `${shown.length} of ${this.points.length} incidents shown${undated}`;
  }

  // The incidents by place, the deadliest place first.
  sites(points) {
    const byPlace = new Map();
    points.forEach((p) => {
      if (!byPlace.has(p.place.at)) byPlace.set(p.place.at, { place: p.place, points: [], dead: 0 });
      const site = byPlace.get(p.place.at);
      site.points.push(p);
      site.dead += p.dead;
    });
    return [...byPlace.values()].sort((a, b) => b.dead - a.dead || b.points.length - a.points.length);
  }

  // A site joins the first cluster whose anchor lies within reach (in world units, about 156 km
  // each; the deadliest anchor first); none once the reach is under 1.5 km, where places apart are
  // apart on screen. Anchors are looked up by grid cell, so this stays linear.
  cluster(sites, reach) {
    if (reach < 0.01) return sites.map((s) => [s]);
    const cells = new Map();
    const clusters = [];
    sites.forEach((site) => {
      const { x, y } = site.place;
      const cx = Math.floor(x / reach);
      const cy = Math.floor(y / reach);
      let found = null;
      for (let dx = -1; dx <= 1 && !found; dx += 1) {
        for (let dy = -1; dy <= 1 && !found; dy += 1) {
          found = (cells.get(`${cx + dx}:${cy + dy}`) || []).find((c) => Math.hypot(c[0].place.x - x, c[0].place.y - y) < reach);
        }
      }
      if (found) { found.push(site); return; }
      const made = [site];
      clusters.push(made);
      const key = `${cx}:${cy}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(made);
    });
    return clusters;
  }

  // One mark: a single incident, a site's several incidents (chosen: listed), or a cluster of
  // sites (chosen: zoomed into). Returns where it lies and what its label says.
  mark(sites, scale) {
    const points = sites.flatMap((s) => s.points);
    const { x, y, precision } = sites[0].place;
    const kind = sites.length > 1 ? "cluster" : points.length > 1 ? "stack" : "single";
    const key = kind === "single" ? `i:${points[0].id}` : `s:${sites.map((s) => s.place.at).join(",")}`;
    const name = placeName(sites[0].place) + (sites.length > 1 ? ` +${sites.length - 1}` : "");
    const group = element("g", { class: `mark ${kind}${kind === "cluster" ? " cluster-mark" : ""}`, tabindex: "0",
      role: "button", "data-precision": precision, "data-key": key, "data-count": points.length }, this.marks);
    if (kind === "single") group.dataset.id = points[0].id;
    const radius = precision === "town" ? this.townShape(group, points, scale) : this.areaShape(group, points, precision, scale);
    const p = points[0];
    const what = {
      single: `${words(p.type)}, ${placeName(p.place)}, ${span(p)}${p.dead ? `, ${p.dead} dead` : ""}; placed to ${PLACED[precision]}`,
      stack: `${points.length} incidents at ${placeName(p.place)}: choose to list them`,
      cluster: `${points.length} incidents in ${sites.length} places around ${placeName(p.place)}: choose to zoom in`,
    }[kind];
    group.setAttribute("aria-label", what);
    element("title", {}, group).textContent = what;
    if (this.selected === key) group.classList.add("selected");
    const choose = { single: () => this.select(p, key), stack: () => this.list(sites[0], key), cluster: () => this.zoomTo(sites) }[kind];
    group.addEventListener("click", choose);
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(); }
    });
    return { x, y, radius, name, count: points.length, dead: sites.reduce((sum, s) => sum + s.dead, 0) };
  }

  // A town's incident: a dot sized by its dead; several: a ring in the shares of their types.
  townShape(group, points, scale) {
    if (points.length === 1) {
      const p = points[0];
      const radius = (5 + Math.min(16, 1.6 * Math.sqrt(p.dead))) / scale;
      element("circle", { class: "town", cx: p.place.x, cy: p.place.y, r: radius, fill: this.colours[p.type] || NEUTRAL }, group);
      return radius;
    }
    const { x, y } = points[0].place;
    const radius = (11 + Math.min(11, 2.2 * Math.sqrt(points.length))) / scale;
    const ring = radius - 2.5 / scale;
    element("circle", { class: "ring-base", cx: x, cy: y, r: radius }, group);
    const shares = new Map();
    points.forEach((p) => shares.set(p.type, (shares.get(p.type) || 0) + 1));
    let at = 0;
    [...shares.entries()].sort((a, b) => b[1] - a[1]).forEach(([type, n]) => {
      const share = (100 * n) / points.length;
      element("circle", { class: "ring", cx: x, cy: y, r: ring, pathLength: 100, stroke: this.colours[type] || NEUTRAL,
        "stroke-width": 5 / scale, "stroke-dasharray": `${share} ${100 - share}`, "stroke-dashoffset": 25 - at,
        "data-type": type }, group);
      at += share;
    });
    element("text", { class: "tally", x, y, "font-size": 11.5 / scale }, group).textContent = points.length;
    return radius;
  }

  // Incidents known only to a region (a dashed circle) or a country (a dashed square), at its point,
  // in their type's colour, or grey when they are of several types; how many, in a badge on the
  // outline, since a town's mark may lie in the middle.
  areaShape(group, points, precision, scale) {
    const types = new Set(points.map((p) => p.type));
    const colour = types.size === 1 ? this.colours[points[0].type] || NEUTRAL : NEUTRAL;
    const radius = (19 + Math.min(8, 2 * Math.sqrt(points.length - 1))) / scale;
    const { x, y } = points[0].place;
    const attributes = { class: `area ${precision}`, fill: colour, stroke: colour };
    if (precision === "country") {
      element("rect", { ...attributes, x: x - radius, y: y - radius, width: 2 * radius, height: 2 * radius }, group);
    } else {
      element("circle", { ...attributes, cx: x, cy: y, r: radius }, group);
    }
    if (points.length > 1) {
      const corner = precision === "country" ? radius : radius * Math.SQRT1_2;
      const badge = { x: x + corner, y: y - corner };
      element("circle", { class: "tally-base", cx: badge.x, cy: badge.y, r: 9 / scale, stroke: colour }, group);
      element("text", { class: "tally", ...badge, "font-size": 11 / scale }, group).textContent = points.length;
    }
    return radius;
  }

  // Names beside marks, the marks with most incidents first, where they run into no mark or name
  // and stay inside the view.
  label(drawn, scale) {
    const size = 12 / scale;
    const [x, y, w, h] = this.visible();
    const inside = (box) => box[0] >= x && box[2] <= x + w && box[1] >= y && box[3] <= y + h;
    const taken = drawn.map((m) => [m.x - m.radius, m.y - m.radius, m.x + m.radius, m.y + m.radius]);
    [...drawn].sort((a, b) => b.count - a.count || b.dead - a.dead).slice(0, 150).forEach((m) => {
      const left = m.x + m.radius + 3 / scale;
      const box = [left, m.y - size * 0.75, left + (m.name.length * 6.6 + 4) / scale, m.y + size * 0.6];
      if (!inside(box) || taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) return;
      taken.push(box);
      element("text", { class: "label", x: left, y: m.y + size / 3, "font-size": size, "stroke-width": 3 / scale }, this.labels)
        .textContent = m.name;
    });
  }

  choose(key) {
    this.selected = key;
    this.marks.querySelectorAll(".mark.selected").forEach((m) => m.classList.remove("selected"));
    const chosen = [...this.marks.querySelectorAll(".mark")].find((m) => m.dataset.key === key);
    if (chosen) chosen.classList.add("selected");
  }

  select(p, key) {
    this.choose(key);
    const rows = [["type", words(p.type)], ["place", whereIs(p.place)],
      ["placed to", PLACED[p.place.precision]], ["dates", span(p)], ["reported dead", p.dead ? `at least ${p.dead}` : "none reported"]];
    if (p.disputed) rows.push(["tolls", "the sources disagree"]);
    const list = html("dl");
    rows.forEach(([name, value]) => {
      html("dt", name, list);
      html("dd", value, list);
    });
    const link = html("a", "Open the incident and its sources →");
    link.href = `/incidents/${encodeURIComponent(p.id)}`;
    document.getElementById("map-detail").replaceChildren(list, link);
  }

  // A place's incidents, the latest first, each a link to its page.
  list(site, key) {
    this.choose(key);
    const { place, points } = site;
    const heading = html("p", `${counted(points.length, "incident")} at ${whereIs(place)}, placed to ${PLACED[place.precision]}.`);
    heading.className = "site-heading";
    const list = html("ul");
    list.className = "site-list";
    [...points].sort((a, b) => b.day - a.day || b.dead - a.dead).slice(0, LISTED).forEach((p) => {
      const item = html("li", undefined, list);
      html("span", undefined, item).className = `swatch t-${p.type}`;
      const link = html("a", `${span(p)}, ${words(p.type)}`, item);
      link.href = `/incidents/${encodeURIComponent(p.id)}`;
      item.append(p.dead ? `: at least ${p.dead} dead` : "", p.disputed ? " (sources disagree)" : "");
    });
    const parts = [heading, list];
    if (points.length > LISTED) parts.push(html("p", `The latest ${LISTED} shown.`));
    document.getElementById("map-detail").replaceChildren(...parts);
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

// The review queue's article opens at the paragraph of the event's evidence.
const reviewed = document.getElementById("review-evidence");
if (reviewed) reviewed.parentElement.scrollTop = Math.max(0, reviewed.offsetTop - 16);

const decideForm = document.getElementById("decide");
if (decideForm) {
  reviewQueue(decideForm);
  document.addEventListener("keydown", (key) => {
    if (key.key === "n" && !typing(key)) document.getElementById("skip").click();
  });
}
