/* zjtimeline HTML timeline: draws the facts embedded as JSON. Every text goes in
   through textContent or a plain-text attribute, never as HTML. Fetches nothing. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("zjt-data").textContent);
  var ui = DATA.ui;
  var PALETTE = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#0a7f8c",
    "#bf3989", "#3d4fb3", "#953800", "#6e7c15", "#e16f24", "#57606a"];
  var root = document.documentElement;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function year(iso) { /* an ISO date as a fractional year: 2020-07-02 -> 2020.5 */
    var p = iso.split("-"), y = +p[0];
    var t0 = Date.UTC(y, 0, 1), t1 = Date.UTC(y + 1, 0, 1);
    return y + (Date.UTC(y, +p[1] - 1, +p[2]) - t0) / (t1 - t0);
  }
  function yearEnd(iso) { /* the end of an inclusive last day */
    var p = iso.split("-"), t = Date.UTC(+p[0], +p[1] - 1, +p[2]) + 864e5, d = new Date(t);
    return year(d.getUTCFullYear() + "-" + (d.getUTCMonth() + 1) + "-" + d.getUTCDate());
  }

  var facts = DATA.facts, lanes = DATA.lanes, en = DATA.lang === "en";
  facts.forEach(function (f) { /* the chosen language, Chinese where English is missing */
    f.summary = en ? f.summary_en || f.summary_zh : f.summary_zh;
    f.wording = en ? f.wording_en || f.wording_zh : f.wording_zh;
  });
  var y0 = Infinity, y1 = -Infinity;
  facts.forEach(function (f) {
    f.x1 = yearEnd(f.end || f.start);
    f.x0 = f.start ? year(f.start) : null;
    y0 = Math.min(y0, Math.floor(f.x0 === null ? f.x1 - 1 : f.x0)); y1 = Math.max(y1, Math.ceil(f.x1));
  });
  facts.forEach(function (f) { if (f.x0 === null) { f.x0 = y0; f.openStart = true; } });
  if (!facts.length) { y0 = 2012; y1 = 2023; }
  var span = y1 - y0;
  var colour = {};
  lanes.forEach(function (l) { colour[l.slug] = PALETTE[l.i % PALETTE.length]; });

  /* header */
  var header = el("header");
  header.appendChild(el("h1", null, DATA.title));
  var cites = Object.keys(DATA.sources).map(function (k) { return DATA.sources[k]; });
  if (cites.length) header.appendChild(el("p", "cite", cites.join(" / ")));
  header.appendChild(el("p", "count", facts.length + " " + ui.facts + " · " + y0 + "–" + (y1 - 1)));
  header.appendChild(el("p", "hint", ui.hint));
  document.body.appendChild(header);

  /* toolbar */
  var bar = el("div", "toolbar");
  var zoomOut = el("button", null, "−"), zoomIn = el("button", null, "+"), fit = el("button", null, ui.fit);
  zoomOut.title = ui.zoom_out; zoomIn.title = ui.zoom_in;
  zoomOut.setAttribute("aria-label", ui.zoom_out); zoomIn.setAttribute("aria-label", ui.zoom_in);
  var find = el("input"); find.type = "search"; find.placeholder = ui.find; find.setAttribute("aria-label", ui.find);
  [zoomOut, zoomIn, fit, find].forEach(function (b) { bar.appendChild(b); });
  document.body.appendChild(bar);

  /* legend: the forms, then the themes (each toggles its lane) */
  var legend = el("div", "legend");
  legend.setAttribute("aria-label", ui.legend);
  [["at", ui.at], ["throughout", ui.throughout], ["within", ui.within], ["throughout ongoing", ui.ongoing]]
    .forEach(function (k) {
      var key = el("span", "key"), s = el("span", "sample"), m = el("span", "item " + k[0]);
      m.style.setProperty("--x", "0"); m.style.setProperty("--w", "1"); m.style.setProperty("--year", "1.6em");
      m.style.top = "0"; m.style.height = "100%";
      s.appendChild(m); key.appendChild(s); key.appendChild(el("span", null, k[1])); legend.appendChild(key);
    });
  if (facts.some(function (f) { return f.possible; })) {
    var pk = el("span", "key"), ps = el("span", "sample"), pm = el("span", "item throughout possible");
    pm.style.setProperty("--x", "0"); pm.style.setProperty("--w", "1"); pm.style.setProperty("--year", "1.6em");
    pm.style.top = "0"; pm.style.height = "100%";
    ps.appendChild(pm); pk.appendChild(ps); pk.appendChild(el("span", null, ui.possible)); legend.appendChild(pk);
  }
  var chips = {};
  lanes.forEach(function (l) {
    var chip = el("button", "chip"), sw = el("span", "swatch");
    chip.style.setProperty("--c", colour[l.slug]);
    chip.setAttribute("aria-pressed", "true");
    chip.appendChild(sw); chip.appendChild(el("span", null, l.name));
    chip.addEventListener("click", function () {
      var on = chip.getAttribute("aria-pressed") !== "true";
      chip.setAttribute("aria-pressed", on ? "true" : "false");
      laneEls[l.slug].classList.toggle("hidden", !on);
    });
    chips[l.slug] = chip; legend.appendChild(chip);
  });
  document.body.appendChild(legend);

  /* the chart: a sticky axis, a lane per theme, a row per fact in each of its lanes */
  var chart = el("div"); chart.id = "chart"; chart.tabIndex = 0;
  var canvas = el("div", "canvas");
  canvas.style.setProperty("--span", String(span));
  var axis = el("div", "axis"), ticks = el("div", "ticks");
  axis.appendChild(el("div", "corner")); axis.appendChild(ticks);
  for (var y = y0; y < y1; y++) {
    var t = el("div", "tick" + (y % 2 ? " odd" : "") + (y % 5 ? "" : " five"));
    t.style.setProperty("--x", String(y - y0));
    t.appendChild(el("span", null, String(y)));
    ticks.appendChild(t);
  }
  canvas.appendChild(axis);
  var items = [], laneEls = {}, byId = {};
  lanes.forEach(function (l) {
    var lane = el("section", "lane");
    lane.style.setProperty("--c", colour[l.slug]);
    lane.dataset.theme = l.slug;
    var mine = facts.filter(function (f) { return f.themes.indexOf(l.slug) >= 0; });
    var head = el("div", "lane-head");
    head.appendChild(el("span", "swatch"));
    head.appendChild(el("span", null, l.name + " (" + mine.length + ")"));
    lane.appendChild(head);
    mine.forEach(function (f) {
      var row = el("div", "row"), label = el("div", "row-label", f.summary), track = el("div", "track");
      label.title = f.summary;
      var b = el("button", "item " + f.form + (f.ongoing ? " ongoing" : "") + (f.openStart ? " open-start" : "") + (f.possible ? " possible" : ""));
      b.type = "button";
      b.dataset.id = f.id;
      b.style.setProperty("--x", String(f.x0 - y0));
      b.style.setProperty("--w", String(f.x1 - f.x0));
      b.title = (f.wording ? f.wording + " · " : "") + f.span + "\n" + f.summary;
      b.setAttribute("aria-label", f.span + " " + f.summary);
      b.addEventListener("click", function () { show(f, b); });
      track.appendChild(b); row.appendChild(label); row.appendChild(track); lane.appendChild(row);
      items.push({ fact: f, el: b, row: row });
      (byId[f.id] = byId[f.id] || []).push(b);
    });
    laneEls[l.slug] = lane;
    canvas.appendChild(lane);
  });
  chart.appendChild(canvas);
  document.body.appendChild(chart);

  /* the era of the article: 党的十八大以来 */
  var era = el("div", "era");
  era.style.setProperty("--x", String(year("2012-11-08") - y0));
  era.style.setProperty("--w", String(Math.max(0, Math.min(y1, Math.max.apply(null, facts.map(function (f) { return f.x1; }).concat([y0]))) - year("2012-11-08"))));
  era.title = DATA.lang === "zh" ? "党的十八大以来" : "Since the 18th Party Congress";
  if (y0 <= 2012 && y1 > 2013) ticks.appendChild(era);

  /* details of one fact */
  var detail = el("aside"); detail.id = "detail"; detail.hidden = true;
  detail.setAttribute("aria-live", "polite");
  document.body.appendChild(detail);
  var selected = null;
  function field(dl, name, value, cls, lang) {
    if (value === null || value === undefined || value === "" || (value.length === 0)) return;
    dl.appendChild(el("dt", null, name));
    var dd = el("dd", cls);
    if (lang) dd.lang = lang; /* Chinese text gets Chinese glyphs, whatever the page's language */
    if (cls === "quote") { var q = el("blockquote", null, "“" + value + "”"); dd.appendChild(q); }
    else dd.textContent = Array.isArray(value) ? value.join(" · ") : value;
    dl.appendChild(dd);
  }
  function show(f, b) {
    if (selected) selected.classList.remove("selected");
    selected = b; b.classList.add("selected");
    detail.textContent = "";
    detail.style.setProperty("--c", getComputedStyle(b).getPropertyValue("--c"));
    var close = el("button", "close", "×"); close.title = ui.close; close.setAttribute("aria-label", ui.close);
    close.addEventListener("click", hide);
    detail.appendChild(close);
    detail.appendChild(el("h2", null, f.summary));
    var dl = el("dl");
    field(dl, ui.wording, f.wording);
    field(dl, ui.date, f.span + "  (EDTF " + f.edtf + ")");
    field(dl, ui.form, f.how + (f.ongoing ? " · " + ui.ongoing : "") + (f.possible ? " · " + ui.possible : ""));
    field(dl, ui.summary_zh, f.summary_zh, null, "zh-Hans");
    field(dl, ui.summary_en, f.summary_en, null, "en");
    field(dl, ui.quote, f.quote, "quote", "zh-Hans");
    field(dl, ui.figures, f.figures);
    field(dl, ui.basis, f.basis);
    field(dl, ui.source, DATA.sources[f.source] || f.source, "source", "zh-Hans");
    field(dl, ui.themes, f.themes.map(function (s) { return lanes.filter(function (l) { return l.slug === s; })[0].name; }));
    field(dl, ui.tags, f.tags);
    field(dl, ui.kind, f.kind);
    field(dl, ui.id, f.id, "id");
    detail.appendChild(dl);
    detail.hidden = false;
    document.body.classList.add("detail-open");
    b.scrollIntoView({ block: "nearest", inline: "center" });
  }
  function hide() {
    detail.hidden = true;
    document.body.classList.remove("detail-open");
    if (selected) { selected.classList.remove("selected"); selected.focus(); selected = null; }
  }
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !detail.hidden) hide(); });

  /* zoom: one CSS variable; the date in the middle of the view stays there */
  var yearPx = 60;
  function labelPx() { return chart.querySelector(".corner").getBoundingClientRect().width; }
  function setYear(px, keep) {
    px = Math.max(8, Math.min(600, px));
    var view = chart.clientWidth - labelPx();
    var mid = (chart.scrollLeft + view / 2) / yearPx;
    yearPx = px;
    canvas.style.setProperty("--year", px + "px");
    canvas.classList.toggle("narrow", px < 40);
    canvas.classList.toggle("narrower", px < 18);
    if (keep !== false) chart.scrollLeft = mid * px - view / 2;
  }
  function fitWidth() { setYear((chart.clientWidth - labelPx() - 30) / span, false); chart.scrollLeft = 0; }
  zoomIn.addEventListener("click", function () { setYear(yearPx * 1.5); });
  zoomOut.addEventListener("click", function () { setYear(yearPx / 1.5); });
  fit.addEventListener("click", fitWidth);
  chart.addEventListener("wheel", function (e) {
    if (!e.ctrlKey) return;
    e.preventDefault();
    setYear(yearPx * (e.deltaY < 0 ? 1.15 : 1 / 1.15));
  }, { passive: false });
  chart.addEventListener("keydown", function (e) {
    if (e.target !== chart) return;
    if (e.key === "+" || e.key === "=") setYear(yearPx * 1.5);
    else if (e.key === "-") setYear(yearPx / 1.5);
  });

  /* find: dims what does not match */
  find.addEventListener("input", function () {
    var words = find.value.toLowerCase().split(/\s+/).filter(Boolean);
    items.forEach(function (it) {
      var f = it.fact, hay = (f.id + " " + f.summary_zh + " " + f.summary_en + " " + f.quote + " " + f.tags.join(" ") + " " + (f.wording_zh || "")).toLowerCase();
      var ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
      it.row.classList.toggle("dim", !ok);
    });
  });

  /* every fact as a list, for reading, printing and screen readers */
  var all = el("details"); all.id = "all";
  all.appendChild(el("summary", null, ui.list + " (" + facts.length + ")"));
  var ol = el("ol");
  facts.forEach(function (f) {
    var li = el("li");
    li.appendChild(el("div", "meta", (f.wording ? f.wording + " · " : "") + f.span + " · " + f.id));
    var zh = el("div", null, f.summary_zh), enText = el("div", null, f.summary_en);
    var quote = el("blockquote", null, "“" + f.quote + "”"), cite = el("cite", null, DATA.sources[f.source] || f.source);
    zh.lang = quote.lang = cite.lang = "zh-Hans"; enText.lang = "en";
    [zh, enText, quote, cite].forEach(function (e) { li.appendChild(e); });
    ol.appendChild(li);
  });
  all.appendChild(ol);
  document.body.appendChild(all);

  /* print: the whole span on the page's width, and the list open */
  var before = null, wasOpen = false;
  window.addEventListener("beforeprint", function () {
    before = yearPx; wasOpen = all.open; all.open = true;
    setYear((1000 - labelPx()) / span, false);
  });
  window.addEventListener("afterprint", function () { if (before) setYear(before, false); all.open = wasOpen; });

  fitWidth();
  if (yearPx < 30) setYear(30, false);
  root.setAttribute("data-rendered", String(Math.round(performance.now())));
})();
