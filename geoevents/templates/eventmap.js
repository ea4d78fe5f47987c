/* geoevents map page. Reads the payload written by geoevents/webmap.py (map_payload), keeps the
 * events as typed-array columns, filters them in plain loops for the time window and the filters,
 * clusters the points with supercluster at the current zoom, and draws on Leaflet's canvas.
 *
 * Article text is only ever put into the page as text nodes (textContent), never as HTML.
 * Pure helpers are exposed as geoevents.core so the browser tests can check them directly.
 */
(function (global) {
  "use strict";

  var DAY_MS = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var PLAY_MS = 800;
  var CLUSTER_RADIUS = 50;
  var MAX_HOLLOW = 3000;
  var LIST_LIMIT = 100;

  // ---------------------------------------------------------------------------------------------
  // pure helpers

  function originMs(iso) {
    if (!iso) { return 0; }
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function dayParts(origin, d) {
    var t = new Date(origin + d * DAY_MS);
    return { y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate(), w: t.getUTCDay() };
  }

  /** "Friday 3 January 2020" (weekday) or "3 January 2020". */
  function dayWords(origin, d, weekday) {
    var p = dayParts(origin, d);
    return (weekday ? WEEKDAYS[p.w] + " " : "") + p.d + " " + MONTHS[p.m] + " " + p.y;
  }

  /** A range of days in words: "3–9 January 2020", "28 December 2019 – 3 January 2020". */
  function rangeWords(origin, a, b) {
    if (a === b) { return dayWords(origin, a, true); }
    var p = dayParts(origin, a), q = dayParts(origin, b);
    if (p.y === q.y && p.m === q.m) { return p.d + "\u2013" + q.d + " " + MONTHS[q.m] + " " + q.y; }
    if (p.y === q.y) { return p.d + " " + MONTHS[p.m] + " \u2013 " + q.d + " " + MONTHS[q.m] + " " + q.y; }
    return dayWords(origin, a, false) + " \u2013 " + dayWords(origin, b, false);
  }

  /** Days in the window of each mode ("all": everything up to the last day). */
  var WINDOW_DAYS = { day: 1, week: 7, month: 30 };

  /** The window [first, last] day for a mode ("day", "week", "month", "all") ending on day `end`. */
  function windowOf(mode, end) {
    if (WINDOW_DAYS[mode]) { return [Math.max(0, end - WINDOW_DAYS[mode] + 1), end]; }
    return [0, end];
  }

  /** Days the play button moves at each tick: one day for a one-day window (nothing skipped),
   *  else enough that the whole range plays in about 200 ticks, never more than the window. */
  function playStep(mode, nDays) {
    var step = Math.max(1, Math.ceil(nDays / 200));
    return WINDOW_DAYS[mode] ? Math.min(step, WINDOW_DAYS[mode]) : step;
  }

  /** First index i in [lo, hi) with arr[i] >= value (arr sorted ascending). */
  function lowerBound(arr, lo, hi, value) {
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (arr[mid] < value) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  /** Rows whose days overlap [a, b] and that `keep(i)` accepts, as an array of row indexes.
   *  Rows are sorted by start day, and no row spans more than maxSpan days, so only rows starting
   *  in [a - maxSpan, b] can overlap. */
  function selectRows(cols, n, a, b, maxSpan, keep) {
    var start = cols.start, end = cols.end, out = [];
    var lo = lowerBound(start, 0, n, a - maxSpan), hi = lowerBound(start, lo, n, b + 1);
    for (var i = lo; i < hi; i++) {
      if (end[i] >= a && keep(i)) { out.push(i); }
    }
    return out;
  }

  /** Events per day, each event counted once (an event in two towns is two rows): `exact`
   *  holds the events known to the day; an event known only to a span of days (a week, a month
   *  ...) adds 1/length to each day of it in `spread`, so it weighs one event in all and shows
   *  where it may have happened. `keep(i)` says whether row i passes the filters; an event
   *  counts when any of its rows does. `seen`: a scratch array with one slot per event. */
  function histogram(cols, n, nDays, keep, seen) {
    var days = Math.max(nDays, 1), exact = new Float64Array(days), diff = new Float64Array(days + 1);
    var start = cols.start, end = cols.end, event = cols.event;
    seen.fill(0);
    for (var i = 0; i < n; i++) {
      if (seen[event[i]] || !keep(i)) { continue; }
      seen[event[i]] = 1;
      var a = start[i], b = end[i];
      if (a === b) { exact[a]++; continue; }
      var w = 1 / (b - a + 1);
      diff[a] += w; diff[b + 1] -= w;
    }
    var spread = new Float64Array(days), acc = 0;
    for (var d = 0; d < days; d++) { acc += diff[d]; spread[d] = acc > 1e-9 ? acc : 0; }
    return { exact: exact, spread: spread };
  }

  /** Distinct events in a list of event numbers that may repeat (an event at two places of one
   *  cluster): how many repeats to take off a count, and the deaths they carry (`fatal` per event). */
  function repeats(list, fatal) {
    var out = { n: 0, f: 0 };
    if (!list || list.length < 2) { return out; }
    var seen = {};
    for (var k = 0; k < list.length; k++) {
      var e = list[k];
      if (seen[e]) { out.n++; if (fatal[e] > 0) { out.f += fatal[e]; } } else { seen[e] = true; }
    }
    return out;
  }

  /** Aggregate weighted points on a screen grid: cells of `cell` px at zoom z over the pixel box
   *  [x0, y0, x0 + w, y0 + h]; mx/my are Web Mercator coordinates in [0, 1] of each item.
   *  `lists` (optional): per item, the numbers of the events there that have rows at other
   *  places too, gathered per cell so the page can count such an event once.
   *  Returns [{x, y (world px, weighted centroid), count, fatalities, events}]. */
  function gridCells(mx, my, items, z, x0, y0, w, h, cell, weight, fatal, lists) {
    var world = 256 * Math.pow(2, z), nx = Math.ceil(w / cell), ny = Math.ceil(h / cell);
    var count = new Float64Array(nx * ny), sx = new Float64Array(nx * ny), sy = new Float64Array(nx * ny);
    var sf = new Float64Array(nx * ny), events = {};
    for (var k = 0; k < items.length; k++) {
      var i = items[k], px = mx[i] * world, py = my[i] * world;
      var cx = Math.floor((px - x0) / cell), cy = Math.floor((py - y0) / cell);
      if (cx < 0 || cy < 0 || cx >= nx || cy >= ny) { continue; }
      var c = cy * nx + cx, wt = weight ? weight[i] : 1;
      count[c] += wt; sx[c] += px * wt; sy[c] += py * wt;
      if (fatal && fatal[i] > 0) { sf[c] += fatal[i]; }
      if (lists && lists[i]) { events[c] = (events[c] || []).concat(lists[i]); }
    }
    var out = [];
    for (var c2 = 0; c2 < count.length; c2++) {
      if (count[c2]) { out.push({ x: sx[c2] / count[c2], y: sy[c2] / count[c2], count: count[c2], fatalities: sf[c2], events: events[c2] || null }); }
    }
    return out;
  }

  /** Marker radius in px for a number of people killed (unknown: -1). */
  function fatalRadius(f) { return f > 0 ? Math.min(7 + 1.6 * Math.log2(1 + f), 24) : 7; }

  function clusterRadius(count) { return Math.min(11 + 4 * Math.log10(count), 30); }

  /** An event type's short name ("Assault") and what it covers ("strikes, attacks, killings"),
   *  from its label "Assault (strikes, attacks, killings)"; t = [code, label, colour, shape]. */
  function typeName(t) { return String(t[1] || t[0]).split(" (")[0]; }

  function typeScope(t) {
    var m = /\(([^)]*)\)\s*$/.exec(String(t[1] || ""));
    return m ? m[1] : "";
  }

  function isWebLink(url) { return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url); }

  // ---------------------------------------------------------------------------------------------
  // decoding the payload

  var B7_ILLEGAL = [0x00, 0x0D, 0x3C];

  /** The `size` bytes written by geoevents.webmap.encode7 as `text`: 7-bit groups, one per
   *  character, an illegal group paired with the next in a two-byte character. */
  function decode7(text, size) {
    var out = new Uint8Array(size), j = 0, acc = 0, nbits = 0, n = text.length;
    function push(g) {
      acc = ((acc << 7) | g) & 0x7fff;
      nbits += 7;
      if (nbits >= 8) { nbits -= 8; if (j < size) { out[j++] = (acc >> nbits) & 0xff; } }
    }
    for (var i = 0; i < n; i++) {
      var c = text.charCodeAt(i);
      if (c < 0x80) { push(c); continue; }
      var h = c >> 7;
      if (h <= 3) { push(B7_ILLEGAL[h - 1]); push(c & 0x7f); } else { push(B7_ILLEGAL[h - 4]); }
    }
    return out;
  }

  /** Raw deflate (geoevents.webmap._deflate), decoded by the browser itself. */
  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer();
  }

  function inflateJSON(bytes) {
    return inflate(bytes).then(function (buf) { return JSON.parse(new TextDecoder().decode(buf)); });
  }

  /** An event record from its chunk's columns (geoevents.webmap._event_record), each source as
   *  [article, text id, highlight start, highlight end, start, end]. */
  function eventRecord(fields) {
    var d = fields.slice(0, 17);
    d[10] = (fields[10] || []).map(function (s) {
      return [s[0], s[1], s[2], s[2] >= 0 ? s[2] + s[3] : -1, s[4], s[4] + s[5]];
    });
    return d;
  }

  function rowOf(columns, r) { return columns.map(function (col) { return col[r]; }); }

  /** The typed columns of the blob written by geoevents.webmap._pack_columns: byte planes put
   *  back together, differences summed. */
  function toColumns(buf, layout, n) {
    var cols = {}, bytes = new Uint8Array(buf);
    layout.forEach(function (c) {
      var Type = global[c[1] + "Array"], width = Type.BYTES_PER_ELEMENT, col = new Type(n);
      if (width === 1) {
        col.set(bytes.subarray(c[2], c[2] + n));
      } else {
        var out = new Uint8Array(col.buffer);
        for (var b = 0; b < width; b++) {
          var plane = c[2] + b * n;
          for (var i = 0; i < n; i++) { out[i * width + b] = bytes[plane + i]; }
        }
      }
      if (c[3]) { for (var k = 1; k < n; k++) { col[k] += col[k - 1]; } }
      cols[c[0]] = col;
    });
    return cols;
  }

  /** Latitude, longitude and country of each row, from its place. */
  function placeColumns(cols, n, places) {
    var lat = new Float32Array(n), lon = new Float32Array(n), country = new Uint16Array(n), place = cols.place;
    for (var i = 0; i < n; i++) {
      var p = places[place[i]];
      lat[i] = p[5]; lon[i] = p[6]; country[i] = p[1];
    }
    cols.lat = lat; cols.lon = lon; cols.country = country;
    return cols;
  }

  // ---------------------------------------------------------------------------------------------
  // DOM helpers: every string becomes a text node

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") { node.textContent = attrs[k]; } else if (k === "class") { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) { continue; }
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  /** The sentence as text nodes, with [a, b) wrapped in <mark>. */
  function highlighted(sentence, a, b) {
    var q = el("q", { class: "ge-evidence" });
    sentence = sentence || "";
    if (a >= 0 && b > a && b <= sentence.length) {
      q.appendChild(document.createTextNode(sentence.slice(0, a)));
      q.appendChild(el("mark", { text: sentence.slice(a, b) }));
      q.appendChild(document.createTextNode(sentence.slice(b)));
    } else {
      q.textContent = sentence;
    }
    return q;
  }

  // ---------------------------------------------------------------------------------------------
  // shapes drawn on the canvas: the event type reads from the outline as well as the colour

  function shapePath(ctx, shape, x, y, r) {
    var i, a;
    ctx.beginPath();
    if (shape === "square") {
      var s = r * 0.85; ctx.rect(x - s, y - s, 2 * s, 2 * s);
    } else if (shape === "diamond") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    } else if (shape === "triangle" || shape === "triangle-down") {
      var d = shape === "triangle" ? 1 : -1;
      ctx.moveTo(x, y - d * r); ctx.lineTo(x + r * 0.95, y + d * r * 0.7); ctx.lineTo(x - r * 0.95, y + d * r * 0.7); ctx.closePath();
    } else if (shape === "star") {
      for (i = 0; i < 10; i++) {
        a = Math.PI / 5 * i - Math.PI / 2;
        var rr = i % 2 ? r * 0.5 : r * 1.1;
        if (i) { ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); } else { ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); }
      }
      ctx.closePath();
    } else if (shape === "cross") {
      var t = r * 0.38;
      ctx.moveTo(x - t, y - r); ctx.lineTo(x + t, y - r); ctx.lineTo(x + t, y - t); ctx.lineTo(x + r, y - t);
      ctx.lineTo(x + r, y + t); ctx.lineTo(x + t, y + t); ctx.lineTo(x + t, y + r); ctx.lineTo(x - t, y + r);
      ctx.lineTo(x - t, y + t); ctx.lineTo(x - r, y + t); ctx.lineTo(x - r, y - t); ctx.lineTo(x - t, y - t); ctx.closePath();
    } else if (shape === "hexagon") {
      for (i = 0; i < 6; i++) {
        a = Math.PI / 3 * i;
        if (i) { ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a)); } else { ctx.moveTo(x + r, y); }
      }
      ctx.closePath();
    } else {
      ctx.arc(x, y, r, 0, Math.PI * 2, false);
    }
  }

  function drawLabel(ctx, text, x, y, align, color) {
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    ctx.font = "bold 11px system-ui, sans-serif";
    ctx.textAlign = align;
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3;
    ctx.strokeStyle = color === "#fff" ? "rgba(0,0,0,0.35)" : "#fff";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
  }

  function swatch(shape, color, hollow) {
    var c = el("canvas", { class: "ge-swatch", width: 18, height: 18, "aria-hidden": "true" });
    var ctx = c.getContext && c.getContext("2d");
    if (ctx) {
      shapePath(ctx, shape, 9, 9, 6.5);
      if (!hollow) { ctx.fillStyle = color; ctx.fill(); }
      ctx.lineWidth = hollow ? 2 : 1; ctx.strokeStyle = hollow ? color : "#fff"; ctx.stroke();
    }
    return c;
  }

  function makeGlyph(L) {
    // a CircleMarker (so Leaflet's canvas renderer hit-tests and redraws it) with its own outline
    // and a label: the count of a cluster inside, or the fatalities beside a single event
    return L.CircleMarker.extend({
      _updateBounds: function () {
        L.CircleMarker.prototype._updateBounds.call(this);
        // the canvas redraws only the bounds of what changed: make them cover the label too
        if (this.options.beside && this._pxBounds) {
          this._pxBounds.max.x += 6 + 8 * this.options.beside.length;
        }
      },
      _updatePath: function () {
        var r = this._renderer;
        if (!r._ctx) { r._updateCircle(this); return; }
        if (!r._drawing || this._empty()) { return; }
        var ctx = r._ctx, p = this._point, rad = this._radius, o = this.options;
        shapePath(ctx, o.shape || "circle", p.x, p.y, rad);
        r._fillStroke(ctx, this);
        if (o.inner) { drawLabel(ctx, o.inner, p.x, p.y, "center", "#fff"); }
        if (o.beside) { drawLabel(ctx, o.beside, p.x + rad + 3, p.y, "left", "#222"); }
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // the map

  function EventMap(map, payload, parts) {
    this.map = map;
    this.payload = payload;
    this.n = payload.n;
    this.cols = parts.cols;
    this.tables = parts.tables;
    this.unplaced = parts.unplaced;
    this.origin = originMs(payload.origin);
    this.nDays = payload.days;
    this.chunks = { events: {}, docs: {}, texts: {} };
    var nTypes = this.tables.types.length, nCountries = this.tables.countries.length;
    var places = this.tables.places, nPlaces = places.length, c = this.cols;
    this.typeOn = new Uint8Array(nTypes).fill(1);
    this.countryOn = new Uint8Array(nCountries).fill(1);
    // per event: how many rows (places) it has and its deaths; an event in two towns is two
    // rows, and every count the page shows counts it once
    var nEvents = 0;
    for (var i = 0; i < this.n; i++) { nEvents = Math.max(nEvents, c.event[i] + 1); }
    this.nEvents = nEvents;
    this.eventRows = new Uint8Array(nEvents);
    this.eventFatal = new Int32Array(nEvents);
    for (i = 0; i < this.n; i++) {
      var e = c.event[i];
      if (this.eventRows[e] < 255) { this.eventRows[e]++; }
      this.eventFatal[e] = c.fatalities[i];
    }
    this.seen = new Uint32Array(nEvents);
    this.seenMark = 0;
    // per place: the events of the window there, their deaths, the first of them, and the
    // events there that have rows elsewhere too
    this.placeCount = new Uint32Array(nPlaces);
    this.placeFatal = new Float64Array(nPlaces);
    this.placeFirst = new Uint32Array(nPlaces);
    this.placeShared = new Array(nPlaces);
    this.placeFeatures = new Array(nPlaces);
    this.mx = new Float64Array(nPlaces);
    this.my = new Float64Array(nPlaces);
    for (var p = 0; p < nPlaces; p++) {
      var sin = Math.sin(Math.max(-85, Math.min(85, places[p][5])) * Math.PI / 180);
      this.mx[p] = places[p][6] / 360 + 0.5;
      this.my[p] = 0.5 - 0.25 * Math.log((1 + sin) / (1 - sin)) / Math.PI;
    }
    this.state = { mode: "all", end: Math.max(0, this.nDays - 1), notEvents: false, playing: null };
    this.renderer = L.canvas({ padding: 0.3 });
    this.Glyph = makeGlyph(L);
    this.layer = L.featureGroup().addTo(map);
    this.windowRows = [];
    this.lastStepMs = 0;
  }

  /** A fresh mark for `firstSight`: every event is unseen again. */
  EventMap.prototype.newSight = function () {
    this.seenMark++;
    if (this.seenMark === 0xffffffff) { this.seen.fill(0); this.seenMark = 1; }
    return this.seenMark;
  };

  /** True the first time event `e` is met since the last newSight(). */
  EventMap.prototype.firstSight = function (e) {
    if (this.seen[e] === this.seenMark) { return false; }
    this.seen[e] = this.seenMark;
    return true;
  };

  /** The rows of a list with each event once (its first row). */
  EventMap.prototype.eventsOf = function (rows) {
    var ev = this.cols.event, self = this;
    this.newSight();
    return rows.filter(function (i) { return self.firstSight(ev[i]); });
  };

  EventMap.prototype.keepFiltered = function () {
    var c = this.cols, typeOn = this.typeOn, countryOn = this.countryOn, self = this;
    return function (i) {
      return typeOn[c.type[i]] === 1 && countryOn[c.country[i]] === 1 && (c.status[i] === 0 || self.state.notEvents);
    };
  };

  EventMap.prototype.counts = function () {
    // per type and per country, over the whole time range, for the legend: events, not rows
    // (an event in two countries counts once in each)
    var c = this.cols, byType = new Uint32Array(this.tables.types.length),
      byCountry = new Uint32Array(this.tables.countries.length), notEvents = 0, both = {};
    this.newSight();
    for (var i = 0; i < this.n; i++) {
      var e = c.event[i], first = this.firstSight(e);
      if (c.status[i] !== 0) { if (first) { notEvents++; } continue; }
      if (first) { byType[c.type[i]]++; }
      if (this.eventRows[e] === 1) { byCountry[c.country[i]]++; continue; }
      var key = e + ":" + c.country[i];
      if (!both[key]) { both[key] = true; byCountry[c.country[i]]++; }
    }
    return { byType: byType, byCountry: byCountry, notEvents: notEvents };
  };

  EventMap.prototype.placeFeature = function (p) {
    var f = this.placeFeatures[p];
    if (!f) {
      var pl = this.tables.places[p];
      f = this.placeFeatures[p] = { type: "Feature", properties: { p: p, n: 0, f: 0, m: null },
        geometry: { type: "Point", coordinates: [pl[6], pl[5]] } };
    }
    return f;
  };

  /** Recompute what the window and filters select, and redraw. */
  EventMap.prototype.update = function () {
    var t0 = performance.now(), c = this.cols, map = this.map;
    var win = windowOf(this.state.mode, this.state.end), a = win[0], b = win[1];
    var rows = this.nDays ? selectRows(c, this.n, a, b, this.payload.maxSpan, this.keepFiltered()) : [];
    var bounds = map.getBounds().pad(0.25), south = bounds.getSouth(), north = bounds.getNorth();
    var west = bounds.getWest(), east = bounds.getEast(), allLon = east - west >= 360;
    var count = this.placeCount, fatal = this.placeFatal, first = this.placeFirst, shared = this.placeShared;
    var eventRows = this.eventRows, ev = c.event;
    var touched = [], hollow = [], regions = {}, regionKeys = [], shown = 0, notShown = 0, points = 0;
    this.newSight();
    for (var k = 0; k < rows.length; k++) {
      var i = rows[k], e = ev[i], firstRow = this.firstSight(e);
      if (c.status[i] !== 0) { hollow.push(i); if (firstRow) { notShown++; } continue; }
      if (firstRow) { shown++; }
      var p = c.place[i];
      if (c.precision[i] >= 3) {
        if (!regions[p]) { regions[p] = []; regionKeys.push(p); }
        regions[p].push(i);
        continue;
      }
      var la = c.lat[i], lo = c.lon[i];
      if (la < south || la > north) { continue; }
      if (!allLon && (lo < west || lo > east) && (lo + 360 > east) && (lo - 360 < west)) { continue; }
      // events at one place become one weighted point: clustering costs what the places cost
      if (count[p] === 0) { touched.push(p); first[p] = i; fatal[p] = 0; shared[p] = null; }
      count[p]++;
      if (c.fatalities[i] > 0) { fatal[p] += c.fatalities[i]; }
      if (eventRows[e] > 1) { (shared[p] = shared[p] || []).push(e); }
      points++;
    }
    this.windowRows = rows;
    this.layer.clearLayers();
    this.current = { a: a, b: b, rows: rows.length, shown: shown, points: points, places: touched.length,
      regions: regionKeys.length };
    this.drawRegions(regions, regionKeys);
    var drawn = touched.length > this.payload.gridThreshold ? this.drawGrid(touched) : this.drawClusters(touched);
    for (var t = 0; t < touched.length; t++) { count[touched[t]] = 0; shared[touched[t]] = null; }
    this.drawHollow(hollow);
    this.current.markers = drawn.markers;
    this.current.clusters = drawn.clusters;
    this.current.hollow = Math.min(hollow.length, MAX_HOLLOW);
    this.current.notEvents = notShown;
    this.current.method = drawn.method;
    this.showWindow(a, b, shown, notShown);
    this.lastStepMs = performance.now() - t0;
    return this.current;
  };

  EventMap.prototype.disc = function (ll, n, fatalities) {
    return new this.Glyph(ll, { renderer: this.renderer, radius: clusterRadius(n), color: "#fff", weight: 2,
      fillColor: "#34495e", fillOpacity: 0.85, inner: String(n), beside: fatalities > 0 ? String(fatalities) : "" });
  };

  EventMap.prototype.drawClusters = function (touched) {
    var z = Math.round(this.map.getZoom()), self = this, count = this.placeCount, fatal = this.placeFatal;
    var index = new Supercluster({
      radius: CLUSTER_RADIUS, minZoom: z, maxZoom: z,
      map: function (props) { return { n: props.n, f: props.f, m: props.m }; },
      // never change an array in place: the places' own lists are shared
      reduce: function (acc, props) {
        acc.n += props.n; acc.f += props.f;
        if (props.m) { acc.m = acc.m ? acc.m.concat(props.m) : props.m; }
      }
    });
    var feats = new Array(touched.length);
    for (var k = 0; k < touched.length; k++) {
      var f = this.placeFeature(touched[k]);
      f.properties.n = count[touched[k]];
      f.properties.f = fatal[touched[k]];
      f.properties.m = this.placeShared[touched[k]];
      feats[k] = f;
    }
    index.load(feats);
    var out = index.getClusters([-180, -85, 180, 85], z), markers = 0, clusters = 0;
    for (var j = 0; j < out.length; j++) {
      var o = out[j], props = o.properties, ll = [o.geometry.coordinates[1], o.geometry.coordinates[0]], m;
      // an event at two places of one cluster counts once, and so do its deaths
      var dup = repeats(props.m, this.eventFatal), n = props.n - dup.n;
      if (!props.cluster && n === 1) {
        markers++;
        this.layer.addLayer(this.marker(this.placeFirst[props.p], ll, false));
        continue;
      }
      clusters++;
      m = this.disc(ll, n, props.f - dup.f);
      m.geGroup = props.cluster ? { index: index, id: props.cluster_id } : { places: [props.p] };
      m.on("click", function (e) { self.openGroup(e.target); });
      this.layer.addLayer(m);
    }
    return { markers: markers, clusters: clusters, method: "supercluster" };
  };

  EventMap.prototype.drawGrid = function (touched) {
    // a density overview for very many places: cells of the screen grid, at their centroid
    var map = this.map, z = Math.round(map.getZoom()), size = map.getSize(), self = this;
    var origin = map.getPixelBounds().min, pad = CLUSTER_RADIUS * 2;
    var cells = gridCells(this.mx, this.my, touched, z, origin.x - pad, origin.y - pad, size.x + 2 * pad,
      size.y + 2 * pad, CLUSTER_RADIUS * 1.5, this.placeCount, this.placeFatal, this.placeShared);
    cells.forEach(function (cell) {
      var dup = repeats(cell.events, self.eventFatal);
      var ll = map.unproject([cell.x, cell.y], z), m = self.disc(ll, cell.count - dup.n, cell.fatalities - dup.f);
      m.on("click", function () { map.setView(ll, Math.min(z + 2, map.getMaxZoom())); });
      self.layer.addLayer(m);
    });
    return { markers: 0, clusters: cells.length, method: "grid" };
  };

  EventMap.prototype.marker = function (i, ll, hollow) {
    var c = this.cols, t = this.tables.types[c.type[i]], f = c.fatalities[i], self = this;
    var m = new this.Glyph(ll || [c.lat[i], c.lon[i]], {
      renderer: this.renderer, radius: fatalRadius(f), shape: t[3],
      color: hollow ? t[2] : "#fff", weight: hollow ? 2.5 : 1.5, dashArray: hollow ? "4 3" : null,
      fillColor: t[2], fillOpacity: hollow ? 0.08 : 0.9, beside: f > 0 ? String(f) : ""
    });
    m.geRow = i;
    m.on("click", function (e) { self.openRow(i, e.target.getLatLng()); });
    return m;
  };

  EventMap.prototype.drawHollow = function (rows) {
    for (var k = 0; k < rows.length && k < MAX_HOLLOW; k++) { this.layer.addLayer(this.marker(rows[k], null, true)); }
  };

  EventMap.prototype.drawRegions = function (regions, keys) {
    var self = this, places = this.tables.places, types = this.tables.types, c = this.cols;
    // zoomed in to a town, a country's shading is background: lighter, so it does not fill the screen
    var fade = this.map.getZoom() >= 7 ? 0.35 : 1;
    keys.forEach(function (key) {
      var rows = self.eventsOf(regions[key]), place = places[key], tally = {}, best = 0, bestType = c.type[rows[0]];
      rows.forEach(function (i) {
        var t = c.type[i]; tally[t] = (tally[t] || 0) + 1;
        if (tally[t] > best) { best = tally[t]; bestType = t; }
      });
      var color = types[bestType][2], opacity = fade * Math.min(0.15 + 0.08 * Math.log2(rows.length), 0.5);
      var style = { renderer: self.renderer, color: color, weight: 1.5, dashArray: "5 4", fillColor: color, fillOpacity: opacity };
      var layer;
      if (place[3] >= 0) {
        layer = L.geoJSON(self.tables.shapes[place[3]], { style: function () { return style; }, renderer: self.renderer });
      } else {
        layer = L.circle([place[5], place[6]], L.extend({ radius: place[4] * 1000 }, style));
      }
      layer.geRegion = { place: key, rows: rows };
      // a tooltip given a string sets innerHTML: give it a text node
      layer.bindTooltip(el("span", { text: place[0] + ": " + rows.length + (rows.length === 1 ? " event" : " events") +
        " located only to the " + (place[3] >= 0 ? "region or country" : "region (no outline known)") }), { sticky: true });
      layer.on("click", function (e) { self.openList(rows, e.latlng, place[0] + " (region or country level)"); });
      self.layer.addLayer(layer);
      layer.bringToBack();
    });
  };

  // -- popups --------------------------------------------------------------------------------------

  /** A compressed blob of the page (`name`: columns, tables, events-3, docs-0 ...). The popup
   *  text comes after the page's code: while the browser is still reading it, wait for the end
   *  of the document. */
  function blobBytes(prefix, name, size) {
    var id = prefix + "-" + name;
    return new Promise(function (resolve, reject) {
      function look() {
        var node = document.getElementById(id);
        if (node) { resolve(decode7(node.textContent, size)); } else { reject(new Error("the page lacks " + id)); }
      }
      if (document.getElementById(id) || document.readyState !== "loading") { look(); } else { document.addEventListener("DOMContentLoaded", look); }
    });
  }

  EventMap.prototype.chunk = function (kind, k) {
    var cache = this.chunks[kind], p = this.payload;
    if (!cache[k]) { cache[k] = blobBytes(p.prefix, kind + "-" + k, p.details[kind][k]).then(inflateJSON); }
    return cache[k];
  };

  /** Items of a chunked table (`kind`: events, docs or texts) by number, in the order asked;
   *  -1 gives null. A record (events, docs) comes as the list of its fields. */
  EventMap.prototype.lookup = function (kind, ids) {
    var size = kind === "texts" ? this.payload.textChunk : this.payload.chunk, self = this, wanted = {};
    ids.forEach(function (id) { if (id >= 0) { wanted[Math.floor(id / size)] = true; } });
    var keys = Object.keys(wanted).map(Number);
    return Promise.all(keys.map(function (k) { return self.chunk(kind, k); })).then(function (lists) {
      var byChunk = {};
      keys.forEach(function (k, j) { byChunk[k] = lists[j]; });
      return ids.map(function (id) {
        if (id < 0) { return null; }
        var chunk = byChunk[Math.floor(id / size)];
        return kind === "texts" ? chunk[id % size] : rowOf(chunk, id % size);
      });
    });
  };

  /** The record of row i's event: summary, dates, actors ... (the article text comes apart). */
  EventMap.prototype.record = function (i) {
    return this.lookup("events", [this.cols.event[i]]).then(function (r) { return eventRecord(r[0]); });
  };

  /** A record with its sources read: d.sources = [{sentence, a, b (the place in it), start, end,
   *  doc: [id, title, url, published]}]. */
  EventMap.prototype.withText = function (d) {
    var self = this, src = d[10] || [];
    return this.lookup("docs", src.map(function (s) { return s[0]; })).then(function (docs) {
      var ids = src.map(function (s) { return s[1]; }).concat(docs.map(function (doc) { return doc ? doc[1] : -1; }));
      return self.lookup("texts", ids).then(function (texts) {
        d.sources = src.map(function (s, k) {
          var doc = docs[k] || [String(s[0]), -1, null, null];
          return { sentence: texts[k], a: s[2], b: s[3], start: s[4], end: s[5],
            doc: [doc[0], texts[src.length + k], doc[2], doc[3]] };
        });
        return d;
      });
    });
  };

  EventMap.prototype.detail = function (i) {
    var self = this;
    return this.record(i).then(function (d) { return self.withText(d); });
  };

  /** When an event happened, in words: its day, or the span of days it is known to (`span`: its
   *  first and last day as drawn, or null when it is not drawn). */
  function whenWords(d, span, origin) {
    var precision = d[5], words;
    function day(iso) { return dayWords(originMs(iso), 0, false); }
    if (d[4] && (!precision || precision === "day" || !span || span[0] === span[1])) {
      words = dayWords(originMs(d[4]), 0, true);
      if (precision && precision !== "day" && precision !== "none") { words += " (known only to the " + precision + ")"; }
    } else if (d[4]) {
      words = rangeWords(origin, span[0], span[1]) + " (known only to the " + (precision === "none" ? "span" : precision) + ")";
    } else {
      words = "no date given";
      if (d[12] && d[13] && d[12] !== d[13]) { words += "; between " + day(d[12]) + " and " + day(d[13]); }
      else if (d[13]) { words += "; on or before " + day(d[13]); }
      else if (d[12]) { words += "; on or after " + day(d[12]); }
      if (span) { words += span[0] === span[1] ? " (drawn on that day)" : " (drawn over those days)"; }
    }
    if (d[15]) { words += " \u00b7 not stated for this event: carried over from the article's last date"; }
    return words;
  }

  /** The popup content of one event: `d` its record (withText), `row` {type, place, precision, span}. */
  EventMap.prototype.eventContent = function (d, row) {
    var tables = this.tables, t = tables.types[row.type] || ["?", "?", "#777", "circle"];
    var place = tables.places[row.place], status = d[14];
    var loc = (d[11] || []).filter(function (l) { return l[0] === row.place; })[0];
    var precision = loc ? loc[1] : row.precision;
    var box = el("div", { class: "ge-popup" });
    if (status && status !== "occurred") {
      box.appendChild(el("p", { class: "ge-flag", text: "Not an event that happened: reported as " + status + "." }));
    }
    box.appendChild(el("div", { class: "ge-head" }, swatch(t[3], t[2], status !== "occurred"),
      el("strong", { text: typeName(t) }), d[2] ? " \u00b7 " + d[2] : null, d[3] ? " \u00b7 " + d[3] : null));
    var dl = el("dl", { class: "ge-facts" });
    function fact(name, value) {
      if (value !== null && value !== undefined && value !== "") { dl.appendChild(el("dt", { text: name })); dl.appendChild(el("dd", null, value)); }
    }
    fact("When", whenWords(d, row.span, this.origin));
    fact("Date from", d[6]);
    if (place) {
      var country = tables.countries[place[1]];
      fact("Where", place[0] + (country && country[0] && country[1] !== place[0] ? ", " + country[1] : "") +
        (tables.precisions[precision] ? " \u2014 " + tables.precisions[precision] : ""));
    }
    if (loc) { fact("Place from", (loc[2] || "") + (loc[3] ? " (the text names no place for it: a fallback)" : "")); }
    var others = (d[11] || []).filter(function (l) { return l[0] !== row.place; })
      .map(function (l) { return tables.places[l[0]][0]; });
    if (others.length) { fact("Also at", others.join("; ")); }
    fact("What happened", d[1]);
    if (d[7] && d[7].length) { fact("Actors", d[7].join("; ")); }
    if (d[8] && d[8].length) { fact("Targets", d[8].join("; ")); }
    if (d[16] !== null && d[16] !== undefined) { fact("Killed", String(d[16])); }
    if (d[9] !== null && d[9] !== undefined) { fact("Injured", String(d[9])); }
    box.appendChild(dl);
    var sources = d.sources || [];
    box.appendChild(el("h4", { text: sources.length === 1 ? "Source" : sources.length + " sources" }));
    var ol = el("ol", { class: "ge-sources" });
    sources.forEach(function (s) {
      var doc = s.doc, li = el("li", null, highlighted(s.sentence, s.a, s.b));
      var cite = el("div", { class: "ge-cite" });
      var title = doc[1] || doc[0];
      if (isWebLink(doc[2])) {
        cite.appendChild(el("a", { href: doc[2], target: "_blank", rel: "noopener noreferrer", text: title }));
      } else {
        cite.appendChild(el("span", { class: "ge-title", text: title }));
      }
      cite.appendChild(el("span", { class: "ge-doc", text: " \u00b7 " + (doc[3] ? dayWords(originMs(doc[3]), 0, false) + " \u00b7 " : "") +
        "article " + doc[0] + ", characters " + s.start + "\u2013" + s.end }));
      li.appendChild(cite);
      ol.appendChild(li);
    });
    box.appendChild(ol);
    box.appendChild(el("div", { class: "ge-id", text: "event " + d[0] }));
    return box;
  };

  EventMap.prototype.rowInfo = function (i) {
    var c = this.cols;
    return { type: c.type[i], place: c.place[i], precision: c.precision[i], span: [c.start[i], c.end[i]] };
  };

  /** What a popup shows while the page is still reading the text it needs. */
  EventMap.prototype.waiting = function (row, what) {
    var t = row && this.tables.types[row.type], place = row && this.tables.places[row.place];
    return el("div", { class: "ge-popup ge-waiting" },
      t ? el("div", { class: "ge-head" }, swatch(t[3], t[2], false), el("strong", { text: typeName(t) }),
        place ? " \u00b7 " + place[0] : null) : null,
      el("p", { class: "ge-note", role: "status", text: "Reading " + what + "\u2026" }));
  };

  EventMap.prototype.showPopup = function (latlng, content) {
    // keep the popup clear of the legend (top right) and the time bar (bottom left)
    var size = this.map.getSize(), right = this.ui ? Math.min(this.ui.panel.offsetWidth + 20, size.x / 2) : 20;
    this.popup = L.popup({ maxWidth: 380, maxHeight: Math.max(200, Math.min(420, size.y - 120)),
      autoPanPaddingTopLeft: [50, 10], autoPanPaddingBottomRight: [right, 10] })
      .setLatLng(latlng).setContent(content).openOn(this.map);
    return this.popup;
  };

  /** A popup whose content `later` (a promise) gives. While the page is still being read (a
   *  large map reads its text after drawing), a popup saying so opens at once and the content
   *  replaces it when it comes, unless the user has closed it or opened another meanwhile. */
  EventMap.prototype.popupLater = function (latlng, waiting, later) {
    var self = this, popup = document.readyState === "loading" ? this.showPopup(latlng, waiting()) : null;
    return later.then(function (content) {
      if (popup && (self.popup !== popup || !self.map.hasLayer(popup))) { return null; }
      return self.showPopup(latlng, content);
    });
  };

  EventMap.prototype.openRow = function (i, latlng) {
    var self = this, row = this.rowInfo(i);
    return this.popupLater(latlng || [this.cols.lat[i], this.cols.lon[i]],
      function () { return self.waiting(row, "the article text"); },
      this.detail(i).then(function (d) { return self.eventContent(d, row); }));
  };

  /** A list of the events of some rows (each event once), each opening its own popup. */
  EventMap.prototype.openList = function (rows, latlng, heading) {
    var self = this;
    rows = this.eventsOf(rows);
    var shown = rows.slice(0, LIST_LIMIT);
    var later = Promise.all(shown.map(function (i) { return self.record(i); })).then(function (records) {
      var box = el("div", { class: "ge-popup ge-list" }, el("h4", { text: heading + ": " + rows.length +
        (rows.length === 1 ? " event" : " events") + " in this window" }));
      var ul = el("ul");
      records.forEach(function (d, k) {
        var i = shown[k], t = self.tables.types[self.cols.type[i]];
        var button = el("button", { type: "button", class: "ge-linkish" }, swatch(t[3], t[2], self.cols.status[i] !== 0),
          el("span", { class: "ge-when", text: rangeWords(self.origin, self.cols.start[i], self.cols.end[i]) }),
          " " + typeName(t) + ": ", d[1] || "");
        button.addEventListener("click", function () { self.openRow(i, latlng); });
        ul.appendChild(el("li", null, button));
      });
      box.appendChild(ul);
      if (rows.length > shown.length) { box.appendChild(el("p", { text: "\u2026 and " + (rows.length - shown.length) + " more: narrow the time window or zoom in." })); }
      return box;
    });
    return this.popupLater(latlng, function () { return self.waiting(null, "the events here"); }, later);
  };

  /** Map padding that keeps what is framed clear of the legend and the time bar. */
  EventMap.prototype.framePadding = function () {
    var size = this.map.getSize(), right = this.ui ? this.ui.panel.offsetWidth + 20 : Math.min(300, size.x / 3);
    var bottom = this.ui ? this.ui.time.offsetHeight + 20 : Math.min(170, size.y / 3);
    return { paddingTopLeft: [50, 30], paddingBottomRight: [Math.min(right, size.x / 2), Math.min(bottom, size.y / 2)] };
  };

  /** A disc: zoom in to its places, or list its events when they are all at one spot. */
  EventMap.prototype.openGroup = function (marker) {
    var g = marker.geGroup, map = this.map, tables = this.tables, c = this.cols;
    var places = g.places || g.index.getLeaves(g.id, Infinity).map(function (f) { return f.properties.p; });
    var bounds = L.latLngBounds(places.map(function (p) { return [tables.places[p][5], tables.places[p][6]]; }));
    var maxZ = map.getMaxZoom(), sw = map.project(bounds.getSouthWest(), maxZ), ne = map.project(bounds.getNorthEast(), maxZ);
    var apart = Math.abs(ne.x - sw.x) > CLUSTER_RADIUS || Math.abs(ne.y - sw.y) > CLUSTER_RADIUS;
    if (apart && map.getZoom() < maxZ) {
      // far enough to part the places (spread over ~300 px), no further: a town stays among its neighbours
      var size = map.getSize(), room = L.point(Math.max(0, size.x - 300), Math.max(0, size.y - 300));
      var z = Math.min(maxZ, Math.max(map.getZoom() + 1, map.getBoundsZoom(bounds, false, room)));
      map.fitBounds(bounds, L.extend(this.framePadding(), { maxZoom: z }));
      return Promise.resolve(null);
    }
    var set = {};
    places.forEach(function (p) { set[p] = true; });
    var rows = this.windowRows.filter(function (i) { return c.status[i] === 0 && c.precision[i] < 3 && set[c.place[i]]; });
    return this.openList(rows, marker.getLatLng(), places.length === 1 ? tables.places[places[0]][0] : "Here");
  };

  // -- controls --------------------------------------------------------------------------------------

  EventMap.prototype.showWindow = function (a, b, shown, notShown) {
    if (!this.ui) { return; }
    var words = this.nDays ? (this.state.mode === "all" ? "Up to " + dayWords(this.origin, b, true) + " (since " +
      dayWords(this.origin, 0, false) + ")" : rangeWords(this.origin, a, b)) : "No dated events";
    this.ui.range.textContent = words;
    this.ui.count.textContent = shown + (shown === 1 ? " event" : " events") +
      (notShown ? " + " + notShown + " not " + (notShown === 1 ? "an event" : "events") : "");
    this.ui.slider.value = String(this.state.end);
    this.ui.slider.setAttribute("aria-valuetext", words);
    this.drawHistogram();
  };

  EventMap.prototype.recountHistogram = function () {
    var c = this.cols, typeOn = this.typeOn, countryOn = this.countryOn;
    this.hist = histogram(c, this.n, this.nDays, function (i) {
      return c.status[i] === 0 && typeOn[c.type[i]] === 1 && countryOn[c.country[i]] === 1;
    }, this.seen);
    // the scratch marks were overwritten: start the marks afresh
    this.seen.fill(0);
    this.seenMark = 0;
    var spread = false;
    for (var d = 0; d < this.hist.spread.length && !spread; d++) { spread = this.hist.spread[d] > 0; }
    if (this.ui) { this.ui.histKey.hidden = !spread; }
  };

  /** Days a bar of the histogram stands for: one, or more when a day would be under 3 px. */
  EventMap.prototype.histBin = function (width) {
    return Math.max(1, Math.ceil(Math.max(this.nDays, 1) / Math.max(1, Math.floor(width / 3))));
  };

  EventMap.prototype.drawHistogram = function () {
    var canvas = this.ui.hist, w = canvas.clientWidth || 300, h = canvas.clientHeight || 36;
    var ratio = global.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * ratio)) { canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio); }
    var ctx = canvas.getContext("2d"), n = Math.max(this.nDays, 1), win = windowOf(this.state.mode, this.state.end);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!this.hist) { return; }
    var bin = this.histBin(w), nBins = Math.ceil(n / bin), exact = new Float64Array(nBins), spread = new Float64Array(nBins);
    var max = 0, d, k;
    for (d = 0; d < n; d++) { exact[Math.floor(d / bin)] += this.hist.exact[d]; spread[Math.floor(d / bin)] += this.hist.spread[d]; }
    for (k = 0; k < nBins; k++) { max = Math.max(max, exact[k] + spread[k]); }
    var px = w / n;
    for (k = 0; k < nBins; k++) {
      var total = exact[k] + spread[k];
      if (total < 1e-9) { continue; }
      var first = k * bin, last = Math.min(n, first + bin) - 1, inWindow = last >= win[0] && first <= win[1];
      var x = first * px, bw = (last - first + 1) * px, gap = bw > 3 ? 0.5 : 0;
      var bh = Math.max(1.5, (h - 2) * Math.sqrt(total / max)), eh = bh * exact[k] / total;
      // events known to the day: solid; events known only to a span, spread over it: pale, on top
      ctx.fillStyle = inWindow ? "#c0392b" : "#8d99a6";
      if (eh > 0) { ctx.fillRect(x + gap, h - eh, Math.max(bw - 2 * gap, 1.5), eh); }
      ctx.fillStyle = inWindow ? "#eba59d" : "#d3d9df";
      if (bh - eh > 0) { ctx.fillRect(x + gap, h - bh, Math.max(bw - 2 * gap, 1.5), bh - eh); }
    }
    ctx.fillStyle = "#222";
    ctx.fillRect(Math.min((this.state.end + 0.5) * px, w - 1) - 0.5, 0, 1, h);
  };

  EventMap.prototype.setEnd = function (day) {
    this.state.end = Math.max(0, Math.min(this.nDays - 1, day | 0));
    return this.update();
  };

  EventMap.prototype.setMode = function (mode) {
    this.state.mode = mode;
    if (this.ui) { this.ui.modes.forEach(function (r) { r.checked = r.value === mode; }); }
    return this.update();
  };

  EventMap.prototype.setTypes = function (codes) {
    var self = this;
    this.tables.types.forEach(function (t, k) { self.typeOn[k] = codes === null || codes.indexOf(t[0]) >= 0 ? 1 : 0; });
    this.syncChecks();
    this.recountHistogram();
    return this.update();
  };

  EventMap.prototype.setCountries = function (codes) {
    var self = this;
    this.tables.countries.forEach(function (t, k) { self.countryOn[k] = codes === null || codes.indexOf(t[0]) >= 0 ? 1 : 0; });
    this.syncChecks();
    this.recountHistogram();
    return this.update();
  };

  EventMap.prototype.setNotEvents = function (on) {
    this.state.notEvents = !!on;
    if (this.ui) { this.ui.notEvents.checked = !!on; }
    return this.update();
  };

  EventMap.prototype.play = function (on) {
    var self = this;
    if (on === undefined) { on = !this.state.playing; }
    if (this.state.playing) { clearInterval(this.state.playing); this.state.playing = null; }
    if (on && this.nDays > 1) {
      if (this.state.end >= this.nDays - 1) { this.setEnd(0); }
      this.state.playing = setInterval(function () {
        if (self.state.end >= self.nDays - 1) { self.play(false); return; }
        self.setEnd(self.state.end + playStep(self.state.mode, self.nDays));
      }, PLAY_MS);
    }
    if (this.ui) {
      this.ui.play.textContent = this.state.playing ? "\u275a\u275a" : "\u25b6";
      this.ui.play.setAttribute("aria-label", this.state.playing ? "Pause" : "Play");
      this.ui.play.setAttribute("aria-pressed", this.state.playing ? "true" : "false");
    }
  };

  EventMap.prototype.syncChecks = function () {
    if (!this.ui) { return; }
    var self = this;
    this.ui.typeChecks.forEach(function (box, k) { box.checked = self.typeOn[k] === 1; });
    this.ui.countryChecks.forEach(function (box, k) { box.checked = self.countryOn[k] === 1; });
  };

  EventMap.prototype.buildControls = function () {
    var self = this, map = this.map, counts = this.counts(), tables = this.tables;
    var ui = this.ui = { typeChecks: [], countryChecks: [] };

    // the time bar, bottom left
    var time = el("div", { class: "ge-time" });
    ui.play = el("button", { type: "button", class: "ge-play", "aria-label": "Play", "aria-pressed": "false", text: "\u25b6" });
    ui.play.addEventListener("click", function () { self.play(); });
    var modes = el("div", { class: "ge-modes", role: "radiogroup", "aria-label": "Time window" });
    ui.modes = [["day", "A day"], ["week", "A week"], ["month", "30 days"], ["all", "Everything up to this day"]].map(function (m) {
      var r = el("input", { type: "radio", name: "ge-mode-" + L.stamp(self), value: m[0] });
      r.checked = m[0] === self.state.mode;
      r.addEventListener("change", function () { if (r.checked) { self.setMode(m[0]); } });
      modes.appendChild(el("label", null, r, m[1]));
      return r;
    });
    ui.hist = el("canvas", { class: "ge-hist", "aria-hidden": "true" });
    ui.hist.addEventListener("click", function (e) {
      var rect = ui.hist.getBoundingClientRect();
      self.setEnd(Math.floor((e.clientX - rect.left) / rect.width * self.nDays));
    });
    ui.histKey = el("div", { class: "ge-histkey", text: "Pale: events known only to a week, month or year, " +
      "spread over its days (each weighs one event in all)." });
    ui.slider = el("input", { type: "range", class: "ge-slider", min: 0, max: Math.max(0, this.nDays - 1), step: 1,
      value: this.state.end, "aria-label": "Last day of the time window" });
    var pending = false;
    ui.slider.addEventListener("input", function () {
      self.state.end = +ui.slider.value;
      if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; self.update(); }); }
    });
    ui.range = el("div", { class: "ge-range", "aria-live": "polite" });
    ui.count = el("div", { class: "ge-count" });
    time.appendChild(el("div", { class: "ge-row" }, ui.play, modes));
    time.appendChild(ui.hist);
    time.appendChild(ui.slider);
    time.appendChild(el("div", { class: "ge-row ge-words" }, ui.range, ui.count));
    time.appendChild(ui.histKey);
    ui.time = time;
    if (!this.nDays) { ui.slider.disabled = true; ui.play.disabled = true; }
    var TimeControl = L.Control.extend({ onAdd: function () { return time; } });
    new TimeControl({ position: "bottomleft" }).addTo(map);

    // legend and filters, top right
    var panel = ui.panel = el("div", { class: "ge-panel" });
    if (this.payload.title) { panel.appendChild(el("h3", { class: "ge-title", text: this.payload.title })); }
    var body = el("div", { class: "ge-panel-body" });
    var toggle = el("button", { type: "button", class: "ge-collapse", "aria-expanded": "true", text: "Hide" });
    toggle.addEventListener("click", function () {
      var open = body.hidden; body.hidden = !open;
      toggle.textContent = open ? "Hide" : "Legend and filters";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    panel.appendChild(toggle);
    panel.appendChild(body);

    var typeSet = el("fieldset", { class: "ge-types" }, el("legend", { text: "Event type" }));
    tables.types.forEach(function (t, k) {
      var box = el("input", { type: "checkbox", value: t[0] });
      box.checked = true;
      box.addEventListener("change", function () { self.typeOn[k] = box.checked ? 1 : 0; self.recountHistogram(); self.update(); });
      ui.typeChecks.push(box);
      typeSet.appendChild(el("label", { title: t[1] + " \u2014 PLOVER " + t[0] }, box, swatch(t[3], t[2], false), typeName(t),
        el("span", { class: "ge-n", text: String(counts.byType[k]) })));
    });
    body.appendChild(typeSet);
    body.appendChild(el("p", { class: "ge-note", text: "Size and the number beside a marker: people killed. " +
      "Dark discs group nearby events (the number inside); shaded outlines are events located only to a region or country." }));

    var countrySet = el("fieldset", { class: "ge-countries" }, el("legend", { text: "Country" }));
    var allNone = el("div", { class: "ge-row" });
    [["All", null], ["None", []]].forEach(function (b) {
      var btn = el("button", { type: "button", class: "ge-linkish", text: b[0] });
      btn.addEventListener("click", function () { self.setCountries(b[1]); });
      allNone.appendChild(btn);
    });
    countrySet.appendChild(allNone);
    var list = el("div", { class: "ge-scroll" });
    tables.countries.map(function (t, k) { return k; })
      .sort(function (x, y) { return counts.byCountry[y] - counts.byCountry[x]; })
      .forEach(function (k) {
        var t = tables.countries[k], box = el("input", { type: "checkbox", value: t[0] });
        box.checked = true;
        box.addEventListener("change", function () { self.countryOn[k] = box.checked ? 1 : 0; self.recountHistogram(); self.update(); });
        ui.countryChecks[k] = box;
        list.appendChild(el("label", null, box, t[1], el("span", { class: "ge-n", text: String(counts.byCountry[k]) })));
      });
    countrySet.appendChild(list);
    body.appendChild(countrySet);

    ui.notEvents = el("input", { type: "checkbox" });
    ui.notEvents.addEventListener("change", function () { self.setNotEvents(ui.notEvents.checked); });
    // only when there is something to show: an empty switch is one more thing to read
    if (counts.notEvents) {
      body.appendChild(el("label", { class: "ge-notevents" }, ui.notEvents,
        "Also show reports of what did not happen (threats, plans, denials) as hollow markers",
        el("span", { class: "ge-n", text: String(counts.notEvents) })));
    }

    body.appendChild(this.unplacedList());
    var Panel = L.Control.extend({ onAdd: function () { return panel; } });
    new Panel({ position: "topright" }).addTo(map);
    [time, panel].forEach(function (node) { L.DomEvent.disableClickPropagation(node); L.DomEvent.disableScrollPropagation(node); });
  };

  EventMap.prototype.unplacedList = function () {
    var self = this, items = this.unplaced, counts = this.payload.counts, tables = this.tables;
    var box = el("details", { class: "ge-unplaced" },
      el("summary", { text: "Not on the map: " + items.length + (items.length === 1 ? " event" : " events") + " without a date or place" }));
    var ul = el("ul");
    var codes = tables.types.map(function (t) { return t[0]; });
    items.forEach(function (u) {
      var place = u.place >= 0 ? tables.places[u.place] : null, typeIndex = codes.indexOf(u.type);
      var t = tables.types[typeIndex] || [u.type, u.type, "#777", "circle"];
      var what = el("span", { class: "ge-what" }, swatch(t[3], t[2], false), el("strong", { text: typeName(t) }),
        place ? " \u00b7 " + place[0] : null, ": " + (u.detail[1] || ""));
      var item = el("li", null, what, el("span", { class: "ge-why", text: "Why not on the map: " + u.why }));
      if (place) {
        var btn = el("button", { type: "button", class: "ge-linkish", text: "show where" });
        btn.addEventListener("click", function () {
          var ll = [place[5], place[6]], row = { type: typeIndex, place: u.place, precision: null, span: null };
          self.map.setView(ll, Math.max(self.map.getZoom(), 5));
          self.popupLater(ll, function () { return self.waiting(row, "the article text"); },
            self.withText(eventRecord(u.detail)).then(function (d) { return self.eventContent(d, row); }));
        });
        item.appendChild(btn);
      }
      ul.appendChild(item);
    });
    box.appendChild(ul);
    if (counts.background || counts.not_events_without_date_or_place) {
      box.appendChild(el("p", { class: "ge-note", text: "Left out: " + counts.background + " background statements (history, careers) and " +
        counts.not_events_without_date_or_place + " threats or plans with no date or place." }));
    }
    return box;
  };

  // ---------------------------------------------------------------------------------------------

  function decode(payload) {
    var parts = {}, prefix = payload.prefix, sizes = payload.sizes;
    return Promise.all([
      blobBytes(prefix, "columns", sizes.columns).then(inflate).then(function (buf) { parts.cols = toColumns(buf, payload.layout, payload.n); }),
      blobBytes(prefix, "tables", sizes.tables).then(inflateJSON).then(function (t) { parts.tables = t; }),
      blobBytes(prefix, "unplaced", sizes.unplaced).then(inflateJSON).then(function (u) { parts.unplaced = u; })
    ]).then(function () {
      placeColumns(parts.cols, payload.n, parts.tables.places);
      return parts;
    });
  }

  function init(map, dataElement) {
    var payload = JSON.parse(dataElement.textContent);
    var api = { ready: null, readyAt: null, map: map };
    (global.geoeventsMaps = global.geoeventsMaps || []).push(api);
    api.ready = decode(payload).then(function (parts) {
      var em = new EventMap(map, payload, parts);
      api.eventMap = em;
      (payload.credits || []).forEach(function (c) { map.attributionControl.addAttribution(c); });
      em.buildControls();
      em.recountHistogram();
      var c = em.cols, south = 90, north = -90, west = 180, east = -180;
      for (var i = 0; i < em.n; i++) {
        if (c.status[i] !== 0) { continue; }
        south = Math.min(south, c.lat[i]); north = Math.max(north, c.lat[i]);
        west = Math.min(west, c.lon[i]); east = Math.max(east, c.lon[i]);
      }
      for (var q = 0; q < em.unplaced.length && north < south; q++) {
        // nothing dated: frame the undated events' places
        var up = em.unplaced[q].place >= 0 ? em.tables.places[em.unplaced[q].place] : null;
        if (up) { south = north = up[5]; west = east = up[6]; }
      }
      if (north >= south) { // keep the events clear of the panel (right) and the time bar (bottom)
        map.fitBounds([[south, west], [north, east]], L.extend(em.framePadding(), { maxZoom: 8, animate: false }));
      }
      em.update();
      map.on("moveend", function () { em.update(); });
      return new Promise(function (resolve) {
        requestAnimationFrame(function () {
          api.readyAt = performance.now();
          document.documentElement.setAttribute("data-geoevents-ready", "true");
          resolve(em);
        });
      });
    }).catch(function (err) {
      var box = el("div", { class: "ge-error", role: "alert", text: "The events could not be shown: " + err });
      map.getContainer().appendChild(box);
      throw err;
    });
    return api;
  }

  global.geoevents = {
    init: init,
    core: { originMs: originMs, dayWords: dayWords, rangeWords: rangeWords, windowOf: windowOf, lowerBound: lowerBound,
      selectRows: selectRows, histogram: histogram, repeats: repeats, gridCells: gridCells, fatalRadius: fatalRadius,
      isWebLink: isWebLink, highlighted: highlighted, inflateJSON: inflateJSON, decode7: decode7, toColumns: toColumns,
      playStep: playStep, whenWords: whenWords }
  };
})(window);
