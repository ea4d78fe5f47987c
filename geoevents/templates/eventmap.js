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
  var SPEEDS = [0.5, 1, 2, 4];
  /** Narrower than this (px), the page is laid out for a phone: the panel folds to a button. */
  var NARROW = 640;
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

  /** The window [first, last] day for a mode ("day", "week", "month", "all", "range") ending on
   *  day `end`; a range starts on day `start`. */
  function windowOf(mode, end, start) {
    if (WINDOW_DAYS[mode]) { return [Math.max(0, end - WINDOW_DAYS[mode] + 1), end]; }
    if (mode === "range") { return [Math.max(0, Math.min(start || 0, end)), end]; }
    return [0, end];
  }

  /** Days the play button moves at each tick: one day for a one-day window (nothing skipped),
   *  else enough that the whole range plays in about 200 ticks, never more than the window. */
  function playStep(mode, nDays, width) {
    var step = Math.max(1, Math.ceil(nDays / 200));
    if (mode === "range") { return Math.min(step, Math.max(1, width || 1)); }
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
  function fatalRadius(f) { return f > 0 ? Math.min(7 + 1.1 * Math.log2(1 + f), 15) : 7; }

  function clusterRadius(count) { return Math.min(11 + 4 * Math.log10(count), 30); }

  /** An event type's short name ("Assault") and what it covers ("strikes, attacks, killings"),
   *  from its label "Assault (strikes, attacks, killings)"; t = [code, label, colour, shape]. */
  function typeName(t) { return String(t[1] || t[0]).split(" (")[0]; }

  function typeScope(t) {
    var m = /\(([^)]*)\)\s*$/.exec(String(t[1] || ""));
    return m ? m[1] : "";
  }

  function isWebLink(url) { return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url); }

  /** Words of a search, lower-cased, at most 30 (each is one bit of a match mask). */
  function searchWords(query) {
    return String(query || "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 30);
  }

  /** Which of `words` occur in `text` (case-insensitive), as a bit mask. */
  function wordMask(text, words) {
    if (!text) { return 0; }
    var t = String(text).toLowerCase(), m = 0;
    for (var k = 0; k < words.length; k++) { if (t.indexOf(words[k]) >= 0) { m |= 1 << k; } }
    return m;
  }

  /** The state of a map as the part of its URL after "#" (a permalink), and back. Keys: w window
   *  mode, d last day, s first day (range), t/tx types shown/hidden, c/cx countries shown/hidden,
   *  x not-events shown, q search, m view (lat,lon,zoom), b basemap, v density. Days as ISO dates. */
  function encodeHash(st) {
    var parts = [];
    Object.keys(st).forEach(function (k) {
      var v = st[k];
      if (v === null || v === undefined || v === "") { return; }
      // commas stay commas in a single value (a view "34.5,45.2,6" reads as it is); in a list they part items
      parts.push(k + "=" + (Array.isArray(v) ? v.map(encodeURIComponent).join(",") : encodeURIComponent(String(v)).replace(/%2C/g, ",")));
    });
    return parts.join("&");
  }

  function decodeHash(hash) {
    var out = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i <= 0) { return; }
      var k = kv.slice(0, i), v = kv.slice(i + 1);
      try {
        out[k] = (k === "t" || k === "tx" || k === "c" || k === "cx") ? (v ? v.split(",").map(decodeURIComponent) : [])
          : decodeURIComponent(v);
      } catch (e) { /* a mangled part is ignored */ }
    });
    return out;
  }

  function isoDay(origin, d) {
    var p = dayParts(origin, d);
    return p.y + "-" + (p.m < 9 ? "0" : "") + (p.m + 1) + "-" + (p.d < 10 ? "0" : "") + p.d;
  }

  function dayOf(origin, iso) { return Math.round((originMs(iso) - origin) / DAY_MS); }

  /** A CSV cell: quoted when it holds a comma, a quote or a line break. */
  function csvCell(v) {
    if (v === null || v === undefined) { return ""; }
    var t = String(v);
    return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }

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
    } else if (shape === "pentagon") {
      for (i = 0; i < 5; i++) {
        a = Math.PI * 2 / 5 * i - Math.PI / 2;
        if (i) { ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a)); } else { ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a)); }
      }
      ctx.closePath();
    } else if (shape === "hourglass") {
      ctx.moveTo(x - r * 0.85, y - r); ctx.lineTo(x + r * 0.85, y - r); ctx.lineTo(x + r * 0.2, y);
      ctx.lineTo(x + r * 0.85, y + r); ctx.lineTo(x - r * 0.85, y + r); ctx.lineTo(x - r * 0.2, y); ctx.closePath();
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

  /** The people killed, as a red tag "†7" above and right of a marker: never read as part of a
   *  cluster's count, which sits inside its disc. Returns the tag's width. */
  function drawBadge(ctx, text, x, y) {
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    ctx.font = "bold 10px system-ui, sans-serif";
    var label = "\u2020" + text, w = ctx.measureText(label).width + 8, h = 14;
    ctx.beginPath();
    if (ctx.roundRect) { ctx.roundRect(x, y - h / 2, w, h, 7); } else { ctx.rect(x, y - h / 2, w, h); }
    ctx.fillStyle = "#9b111e"; ctx.fill();
    ctx.lineWidth = 1.5; ctx.strokeStyle = "#fff"; ctx.stroke();
    ctx.fillStyle = "#fff"; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    ctx.fillText(label, x + 4, y + 0.5);
    return w;
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
    // and labels: the count of a cluster inside, the people killed in a red tag above right
    return L.CircleMarker.extend({
      _updateBounds: function () {
        L.CircleMarker.prototype._updateBounds.call(this);
        // the canvas redraws only the bounds of what changed: make them cover the tag too
        if (this.options.beside && this._pxBounds) {
          this._pxBounds.max.x += 12 + 7 * this.options.beside.length;
          this._pxBounds.min.y -= 8;
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
        if (o.beside) { drawBadge(ctx, o.beside, p.x + rad * 0.55, p.y - rad * 0.8); }
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
    this.eventType = new Uint8Array(nEvents);
    for (i = 0; i < this.n; i++) {
      var e = c.event[i];
      if (this.eventRows[e] < 255) { this.eventRows[e]++; }
      this.eventFatal[e] = c.fatalities[i];
      this.eventType[e] = c.type[i];
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
    this.state = { mode: "all", end: Math.max(0, this.nDays - 1), start: 0, notEvents: false, playing: null,
      speed: 1, basemap: "streets", view: "markers", query: "" };
    // per event, 1 when it matches the search (null: no search)
    this.searchMask = null;
    this.renderer = L.canvas({ padding: 0.3 });
    this.Glyph = makeGlyph(L);
    this.layer = L.featureGroup().addTo(map);
    // one tooltip for every marker and disc, filled on hover: scanning needs no click
    this.tip = L.tooltip({ direction: "top", className: "ge-tip" });
    var self = this;
    this.layer.on("mouseover", function (e) { self.hover(e); });
    this.layer.on("mouseout", function () { map.closeTooltip(self.tip); });
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
    var sm = this.searchMask;
    return function (i) {
      return typeOn[c.type[i]] === 1 && countryOn[c.country[i]] === 1 && (c.status[i] === 0 || self.state.notEvents) &&
        (sm === null || sm[c.event[i]] === 1);
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
    var win = windowOf(this.state.mode, this.state.end, this.state.start), a = win[0], b = win[1];
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
    var drawn = this.state.view === "density" ? this.drawDensity(touched)
      : touched.length > this.payload.gridThreshold ? this.drawGrid(touched) : this.drawClusters(touched);
    if (this.state.view !== "density" && this.density) { this.density.clear(); }
    for (var t = 0; t < touched.length; t++) { count[touched[t]] = 0; shared[touched[t]] = null; }
    this.drawHollow(hollow);
    this.current.markers = drawn.markers;
    this.current.clusters = drawn.clusters;
    this.current.hollow = Math.min(hollow.length, MAX_HOLLOW);
    this.current.notEvents = notShown;
    this.current.method = drawn.method;
    this.showWindow(a, b, shown, notShown);
    this.saveHash();
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
    var out = index.getClusters([-180, -85, 180, 85], z), markers = 0, clusters = 0, drawn = [];
    for (var j = 0; j < out.length; j++) {
      var o = out[j], props = o.properties, ll = [o.geometry.coordinates[1], o.geometry.coordinates[0]], m;
      // an event at two places of one cluster counts once, and so do its deaths
      var dup = repeats(props.m, this.eventFatal), n = props.n - dup.n;
      if (!props.cluster && n === 1) {
        markers++;
        drawn.push(this.marker(this.placeFirst[props.p], ll, false));
        continue;
      }
      clusters++;
      m = this.disc(ll, n, props.f - dup.f);
      m.geGroup = props.cluster ? { index: index, id: props.cluster_id } : { places: [props.p] };
      m.on("click", function (e) { self.openGroup(e.target); });
      drawn.push(m);
    }
    // the larger first: a small marker is never hidden under a big one
    drawn.sort(function (x, y) { return y.options.radius - x.options.radius; });
    for (var d = 0; d < drawn.length; d++) { this.layer.addLayer(drawn[d]); }
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
      var words = place[0] + ": " + rows.length + (rows.length === 1 ? " event" : " events") +
        " located only to the " + (place[3] >= 0 ? "region or country" : "region (no outline known)");
      layer.bindTooltip(el("span", { text: words }), { sticky: true });
      layer.on("click", function (e) { self.openList(rows, e.latlng, place[0] + " (region or country level)"); });
      self.layer.addLayer(layer);
      layer.bringToBack();
      // a small region seen from afar would be a speck: mark it with a dashed ring of its own
      var px = self.regionPixels(place, layer);
      if (px < 16) {
        var ring = new self.Glyph([place[5], place[6]], { renderer: self.renderer, radius: 8, color: color, weight: 2,
          dashArray: "3 2", fillColor: color, fillOpacity: 0.25 });
        ring.geRegion = layer.geRegion;
        ring.bindTooltip(el("span", { text: words }));
        ring.on("click", function (e) { self.openList(rows, e.latlng, place[0] + " (region or country level)"); });
        self.layer.addLayer(ring);
      }
    });
  };

  /** How many pixels across a region is drawn at the current zoom. */
  EventMap.prototype.regionPixels = function (place, layer) {
    var map = this.map, b;
    if (place[3] >= 0 && layer.getBounds) {
      b = layer.getBounds();
    } else {
      var dLat = place[4] / 111.2;
      b = L.latLngBounds([place[5] - dLat, place[6] - dLat], [place[5] + dLat, place[6] + dLat]);
    }
    var sw = map.latLngToLayerPoint(b.getSouthWest()), ne = map.latLngToLayerPoint(b.getNorthEast());
    return Math.max(Math.abs(ne.x - sw.x), Math.abs(sw.y - ne.y));
  };

  /** The words of a hover tooltip for a marker or a disc (from the columns: no text to read). */
  EventMap.prototype.hoverWords = function (layer) {
    var c = this.cols, tables = this.tables;
    if (layer.geRow !== undefined) {
      var i = layer.geRow, t = tables.types[c.type[i]], place = tables.places[c.place[i]], f = c.fatalities[i];
      return typeName(t) + " \u00b7 " + place[0] + " \u00b7 " + rangeWords(this.origin, c.start[i], c.end[i]) +
        (f > 0 ? " \u00b7 " + f + " killed" : "") + (c.status[i] !== 0 ? " \u00b7 not an event that happened" : "") +
        " \u2014 click for the evidence";
    }
    if (layer.geGroup) {
      var n = layer.options.inner, k = layer.options.beside;
      return n + " events here" + (k ? ", " + k + " killed" : "") + " \u2014 click to " +
        (layer.geGroup.places && layer.geGroup.places.length === 1 ? "list them" : "zoom in");
    }
    return null;
  };

  EventMap.prototype.hover = function (e) {
    var layer = e.propagatedFrom || e.layer, words = layer && this.hoverWords(layer);
    if (!words) { return; }
    this.tip.setLatLng(layer.getLatLng()).setContent(el("span", { text: words }));
    this.tip.options.offset = [0, -(layer.options.radius || 8) - 2];
    this.map.openTooltip(this.tip);
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

  /** How much of the map's edges the controls cover: {top, right, bottom, left} in px. */
  EventMap.prototype.covered = function () {
    var size = this.map.getSize(), ui = this.ui, out = { top: 10, right: 10, bottom: 10, left: 10 };
    if (!ui) { return { top: 30, right: Math.min(300, size.x / 3), bottom: Math.min(170, size.y / 3), left: 50 }; }
    out.top = ui.search.offsetHeight + 20;
    out.bottom = ui.time.offsetHeight + 20;
    if (!ui.panelBody.hidden && !this.narrow) { out.right = ui.panel.offsetWidth + 20; }
    if (!this.narrow) { out.left = 50; }
    return out;
  };

  EventMap.prototype.showPopup = function (latlng, content) {
    // on a phone the panel folds away for a popup; the popup fits the screen and stays clear of
    // the search box (top) and the time bar (bottom)
    if (this.narrow && this.ui && !this.ui.panelBody.hidden) { this.foldPanel(true); }
    var size = this.map.getSize(), edge = this.covered();
    var room = Math.max(120, size.y - edge.top - edge.bottom - 40);
    this.popup = L.popup({ maxWidth: Math.max(160, Math.min(380, size.x - 80)), minWidth: Math.min(200, size.x - 100),
      maxHeight: Math.max(120, Math.min(420, room)),
      autoPanPaddingTopLeft: [edge.left, edge.top], autoPanPaddingBottomRight: [Math.min(edge.right, size.x / 2), edge.bottom] })
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
    var size = this.map.getSize(), edge = this.covered();
    return { paddingTopLeft: [Math.min(edge.left, size.x / 4), Math.min(edge.top, size.y / 4)],
      paddingBottomRight: [Math.min(edge.right, size.x / 2), Math.min(edge.bottom, size.y / 2)] };
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
      (notShown ? " + " + notShown + " not " + (notShown === 1 ? "an event" : "events") : "") +
      (this.searchMask ? " matching \u201c" + this.state.query + "\u201d" : "");
    this.ui.slider.value = String(this.state.end);
    this.ui.slider.setAttribute("aria-valuetext", words);
    this.ui.from.value = String(a);
    this.ui.from.setAttribute("aria-valuetext", dayWords(this.origin, a, true));
    var n = Math.max(this.nDays - 1, 1);
    this.ui.fill.style.left = (100 * a / n) + "%";
    this.ui.fill.style.width = (100 * (b - a) / n) + "%";
    this.drawHistogram();
  };

  EventMap.prototype.recountHistogram = function () {
    var c = this.cols, typeOn = this.typeOn, countryOn = this.countryOn, sm = this.searchMask;
    this.hist = histogram(c, this.n, this.nDays, function (i) {
      return c.status[i] === 0 && typeOn[c.type[i]] === 1 && countryOn[c.country[i]] === 1 && (sm === null || sm[c.event[i]] === 1);
    }, this.seen);
    // the scratch marks were overwritten: start the marks afresh
    this.seen.fill(0);
    this.seenMark = 0;
    var spread = false;
    for (var d = 0; d < this.hist.spread.length && !spread; d++) { spread = this.hist.spread[d] > 0; }
    if (this.ui) { this.ui.histKey.hidden = !spread || this.narrow; }
  };

  /** Days a bar of the histogram stands for: one, or more when a day would be under 3 px. */
  EventMap.prototype.histBin = function (width) {
    return Math.max(1, Math.ceil(Math.max(this.nDays, 1) / Math.max(1, Math.floor(width / 3))));
  };

  EventMap.prototype.drawHistogram = function () {
    var canvas = this.ui.hist, w = canvas.clientWidth || 300, h = canvas.clientHeight || 36;
    var ratio = global.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * ratio)) { canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio); }
    var ctx = canvas.getContext("2d"), n = Math.max(this.nDays, 1), win = windowOf(this.state.mode, this.state.end, this.state.start);
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
    var last = Math.max(0, this.nDays - 1), end = Math.max(0, Math.min(last, day | 0));
    if (this.state.mode === "range" && end < this.state.start) { this.state.start = end; }
    this.state.end = end;
    return this.update();
  };

  /** A free range of days [first, last] (the two handles of the slider). */
  EventMap.prototype.setRange = function (first, last) {
    var top = Math.max(0, this.nDays - 1);
    first = Math.max(0, Math.min(top, first | 0)); last = Math.max(0, Math.min(top, last | 0));
    this.state.start = Math.min(first, last); this.state.end = Math.max(first, last);
    if (this.state.mode !== "range") { return this.setMode("range"); }
    return this.update();
  };

  EventMap.prototype.setMode = function (mode) {
    if (mode === "range" && this.state.mode !== "range") {
      // the range starts as the window the user was looking at
      this.state.start = windowOf(this.state.mode, this.state.end, this.state.start)[0];
    }
    this.state.mode = mode;
    if (this.ui) {
      this.ui.modes.forEach(function (r) { r.checked = r.value === mode; });
      this.ui.from.hidden = mode !== "range";
      this.ui.dual.classList.toggle("ge-is-range", mode === "range");
    }
    return this.update();
  };

  /** Move the window by whole steps (the step buttons, the play button). */
  EventMap.prototype.step = function (direction) {
    var width = this.state.end - this.state.start, by = playStep(this.state.mode, this.nDays, width + 1) * direction;
    var last = Math.max(0, this.nDays - 1), end = Math.max(0, Math.min(last, this.state.end + by));
    if (this.state.mode === "range") {
      end = Math.max(width, end);
      this.state.start = end - width;
    }
    this.state.end = end;
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

  EventMap.prototype.setSpeed = function (speed) {
    this.state.speed = SPEEDS.indexOf(+speed) >= 0 ? +speed : 1;
    if (this.ui) { this.ui.speed.value = String(this.state.speed); }
    if (this.state.playing) { this.play(true); }
  };

  EventMap.prototype.play = function (on) {
    var self = this;
    if (on === undefined) { on = !this.state.playing; }
    if (this.state.playing) { clearInterval(this.state.playing); this.state.playing = null; }
    if (on && this.nDays > 1) {
      if (this.state.end >= this.nDays - 1 && !this.resume) { this.setEnd(this.state.mode === "range" ? this.state.end - this.state.start : 0); }
      this.resume = false;
      this.state.playing = setInterval(function () {
        if (self.state.end >= self.nDays - 1) { self.play(false); return; }
        self.step(1);
      }, PLAY_MS / this.state.speed);
      // a change of speed while playing goes on from where it is
      this.resume = true;
    } else {
      this.resume = false;
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
    this.ui.countryChecks.forEach(function (box, k) { if (box) { box.checked = self.countryOn[k] === 1; } });
  };

  // -- the basemap: Natural Earth outlines, drawn whenever there are no tiles ----------------------

  var BASEMAPS = {
    streets: { label: "Streets (OpenStreetMap tiles, online)", sea: "#dfe9f2", land: "#f4f1ea", coast: "#9fb3c4", border: "#c9c1b3", text: "#555" },
    light: { label: "Light (built in, offline)", sea: "#dfe9f2", land: "#f7f5f0", coast: "#8fa6b8", border: "#bdb3a3", text: "#5b5b5b" },
    dark: { label: "Dark (built in, offline)", sea: "#1b2430", land: "#2f3b48", coast: "#5d7389", border: "#596573", text: "#c7d0d9" },
    none: { label: "None", sea: "#f4f4f4", land: null, coast: null, border: null, text: null }
  };

  /** Natural Earth's countries (TopoJSON, not cut at the antimeridian) as Leaflet [lat, lon]
   *  rings and lines: longitudes made continuous along each ring or arc, a ring round a pole
   *  closed through the pole; arcs used by one country are coastlines, by two borders. */
  function basemapShapes(topo) {
    var sx = topo.transform.scale[0], sy = topo.transform.scale[1], tx = topo.transform.translate[0], ty = topo.transform.translate[1];
    var arcs = topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (d) { x += d[0]; y += d[1]; return [y * sy + ty, x * sx + tx]; });
    });
    function continuous(points) {
      var shift = 0, out = [points[0]];
      for (var k = 1; k < points.length; k++) {
        var d = points[k][1] - points[k - 1][1];
        if (d > 180) { shift -= 360; } else if (d < -180) { shift += 360; }
        out.push([points[k][0], points[k][1] + shift]);
      }
      return out;
    }
    function ring(indexes) {
      var pts = [];
      indexes.forEach(function (i) {
        var a = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
        pts = pts.length ? pts.concat(a.slice(1)) : a.slice();
      });
      pts = continuous(pts);
      var first = pts[0], last = pts[pts.length - 1];
      if (Math.abs(last[1] - first[1]) > 180) {
        var pole = first[0] < 0 ? -89.9 : 89.9;
        pts.push([pole, last[1]], [pole, first[1]]);
      }
      return pts;
    }
    var used = new Uint8Array(arcs.length), polygons = [];
    topo.objects.countries.geometries.forEach(function (g) {
      var polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      polys.forEach(function (p) {
        p.forEach(function (r) { r.forEach(function (i) { used[i >= 0 ? i : ~i]++; }); });
        polygons.push(p.map(ring));
      });
    });
    var coast = [], borders = [];
    arcs.forEach(function (a, k) { (used[k] > 1 ? borders : coast).push(continuous(a)); });
    return { polygons: polygons, coast: coast, borders: borders };
  }

  EventMap.prototype.buildBasemap = function (data) {
    var map = this.map, shapes = basemapShapes(data.topology);
    map.createPane("ge-basemap").style.zIndex = 150;
    var labelPane = map.createPane("ge-labels");
    labelPane.style.zIndex = 390;
    labelPane.style.pointerEvents = "none";
    var renderer = L.canvas({ pane: "ge-basemap", padding: 0.5 });
    var common = { renderer: renderer, pane: "ge-basemap", interactive: false, smoothFactor: 1.5 };
    this.base = {
      land: L.polygon(shapes.polygons, L.extend({ stroke: false, fillOpacity: 1 }, common)),
      borders: L.polyline(shapes.borders, L.extend({ weight: 0.8 }, common)),
      coast: L.polyline(shapes.coast, L.extend({ weight: 1 }, common)),
      labels: L.layerGroup([], { pane: "ge-labels" }),
      names: data.labels,
      shown: {}
    };
    var self = this;
    map.on("moveend", function () { self.drawLabels(); });
  };

  /** Country names in view, large enough at this zoom to carry one (built-in basemaps only). */
  EventMap.prototype.drawLabels = function () {
    var base = this.base, style = BASEMAPS[this.state.basemap];
    if (!base) { return; }
    base.labels.clearLayers();
    if (!style.text || this.state.basemap === "streets") { return; }
    var map = this.map, bounds = map.getBounds(), z = map.getZoom(), scale = 256 * Math.pow(2, z) / 360, n = 0;
    var names = base.names.slice().sort(function (a, b) { return b[3] - a[3]; });
    for (var k = 0; k < names.length && n < 80; k++) {
      var t = names[k], px = t[3] * scale * scale;
      if (px < 2500) { break; }
      var ll = L.latLng(t[2], t[1]);
      if (!bounds.contains(ll)) { ll = L.latLng(t[2], t[1] + 360 * Math.round((bounds.getCenter().lng - t[1]) / 360)); }
      if (!bounds.contains(ll)) { continue; }
      var node = el("span", { text: t[0] });
      node.style.color = style.text;
      base.labels.addLayer(L.marker(ll, { pane: "ge-labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "ge-country-label", html: node, iconSize: null }) }));
      n++;
    }
  };

  /** Switch the basemap: "streets" (tiles, the outlines beneath them), "light", "dark", "none". */
  EventMap.prototype.setBasemap = function (name, why) {
    if (!BASEMAPS[name]) { name = "light"; }
    var map = this.map, base = this.base, style = BASEMAPS[name];
    this.state.basemap = name;
    map.getContainer().style.background = style.sea;
    if (this.tiles) {
      if (name === "streets" && !map.hasLayer(this.tiles)) { this.tiles.addTo(map); }
      if (name !== "streets" && map.hasLayer(this.tiles)) { map.removeLayer(this.tiles); }
    }
    if (base) {
      [base.land, base.borders, base.coast].forEach(function (l) { if (map.hasLayer(l)) { map.removeLayer(l); } });
      if (style.land) {
        base.land.setStyle({ fillColor: style.land }).addTo(map);
        base.borders.setStyle({ color: style.border }).addTo(map);
        base.coast.setStyle({ color: style.coast }).addTo(map);
      }
      if (!map.hasLayer(base.labels)) { base.labels.addTo(map); }
      var credit = 'Basemap: <a href="https://www.naturalearthdata.com/">Natural Earth</a>';
      map.attributionControl.removeAttribution(credit);
      if (style.land && name !== "streets") { map.attributionControl.addAttribution(credit); }
    }
    this.drawLabels();
    if (this.ui) {
      this.ui.basemaps.forEach(function (r) { r.checked = r.value === name; });
      this.ui.baseNote.textContent = why || "";
      this.ui.baseNote.hidden = !why;
    }
    this.saveHash();
  };

  /** The tile layer folium made; when its tiles cannot be had (offline, blocked), the built-in
   *  basemap takes over, and the switch says why. */
  EventMap.prototype.watchTiles = function () {
    var self = this, tiles = null;
    this.map.eachLayer(function (l) { if (l instanceof L.TileLayer) { tiles = l; } });
    this.tiles = tiles;
    if (!tiles) { return false; }
    var loaded = false, failed = false;
    function fail() {
      if (loaded || failed) { return; }
      failed = true;
      if (self.state.basemap === "streets") { self.setBasemap("light", "The map tiles could not be loaded (no internet?): showing the built-in basemap."); }
    }
    tiles.on("tileload", function () { loaded = true; });
    tiles.on("tileerror", fail);
    // tiles asked for before this code ran may have failed already
    Object.keys(tiles._tiles || {}).forEach(function (k) {
      var t = tiles._tiles && tiles._tiles[k];
      if (!t) { return; }
      if (t.loaded && t.el && t.el.complete && t.el.naturalWidth === 0) { fail(); } else if (t.loaded) { loaded = true; }
    });
    if (global.navigator && global.navigator.onLine === false) { fail(); }
    return failed;
  };

  // -- density view ---------------------------------------------------------------------------------

  var HEAT = (function () {
    // a palette from transparent blue through yellow to dark red, 256 steps
    var stops = [[0, [49, 54, 149, 0]], [0.2, [69, 117, 180, 160]], [0.45, [116, 173, 209, 200]],
      [0.65, [254, 224, 144, 220]], [0.82, [244, 109, 67, 235]], [1, [165, 0, 38, 245]]];
    var out = new Uint8ClampedArray(256 * 4);
    for (var k = 0; k < 256; k++) {
      var v = k / 255, j = 1;
      while (j < stops.length - 1 && stops[j][0] < v) { j++; }
      var a = stops[j - 1], b = stops[j], f = (v - a[0]) / (b[0] - a[0] || 1);
      for (var ch = 0; ch < 4; ch++) { out[k * 4 + ch] = a[1][ch] + f * (b[1][ch] - a[1][ch]); }
    }
    return out;
  })();

  function makeDensity(L) {
    return L.Layer.extend({
      onAdd: function (map) {
        this._canvas = L.DomUtil.create("canvas", "ge-density leaflet-zoom-hide");
        this._canvas.setAttribute("aria-hidden", "true");
        map.getPanes().overlayPane.appendChild(this._canvas);
      },
      onRemove: function () { L.DomUtil.remove(this._canvas); },
      clear: function () { if (this._canvas) { this._canvas.width = 0; } },
      /** cells: [{x, y (world px at zoom z), count}] */
      draw: function (cells, z) {
        var map = this._map, size = map.getSize(), canvas = this._canvas, radius = 24;
        canvas.width = size.x; canvas.height = size.y;
        L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
        var ctx = canvas.getContext("2d"), origin = map.getPixelBounds().min, max = 0, k;
        if (!this._sprite) {
          var s = this._sprite = document.createElement("canvas"), sc = s.getContext("2d");
          s.width = s.height = 2 * radius;
          var g = sc.createRadialGradient(radius, radius, 0, radius, radius, radius);
          g.addColorStop(0, "rgba(0,0,0,1)"); g.addColorStop(1, "rgba(0,0,0,0)");
          sc.fillStyle = g; sc.fillRect(0, 0, 2 * radius, 2 * radius);
        }
        for (k = 0; k < cells.length; k++) { max = Math.max(max, cells[k].count); }
        for (k = 0; k < cells.length; k++) {
          var c = cells[k];
          ctx.globalAlpha = Math.min(1, 0.12 + 0.88 * Math.sqrt(c.count / max));
          ctx.drawImage(this._sprite, c.x - origin.x - radius, c.y - origin.y - radius);
        }
        if (!cells.length) { return; }
        var img = ctx.getImageData(0, 0, size.x, size.y), px = img.data;
        for (k = 3; k < px.length; k += 4) {
          var v = px[k];
          if (!v) { continue; }
          px[k - 3] = HEAT[v * 4]; px[k - 2] = HEAT[v * 4 + 1]; px[k - 1] = HEAT[v * 4 + 2]; px[k] = HEAT[v * 4 + 3];
        }
        ctx.putImageData(img, 0, 0);
      }
    });
  }

  /** The density view: the points of the window summed on a fine screen grid and shaded. */
  EventMap.prototype.drawDensity = function (touched) {
    var map = this.map, z = Math.round(map.getZoom()), size = map.getSize(), origin = map.getPixelBounds().min;
    if (!this.density) { this.density = new (makeDensity(L))(); }
    if (!map.hasLayer(this.density)) { this.density.addTo(map); }
    var cells = gridCells(this.mx, this.my, touched, z, origin.x - 30, origin.y - 30, size.x + 60, size.y + 60, 8,
      this.placeCount, null, null);
    this.density.draw(cells, z);
    return { markers: 0, clusters: 0, method: "density" };
  };

  EventMap.prototype.setView = function (view) {
    this.state.view = view === "density" ? "density" : "markers";
    if (this.ui) { this.ui.views.forEach(function (r) { r.checked = r.value === view; }); }
    if (this.state.view !== "density" && this.density && this.map.hasLayer(this.density)) { this.map.removeLayer(this.density); }
    return this.update();
  };

  // -- search ---------------------------------------------------------------------------------------

  /** Every item of a chunked table in turn: `visit(item, number)`; chunks read one at a time
   *  and not kept (a search of a million events would otherwise hold all their text). */
  EventMap.prototype.scan = function (kind, visit) {
    var self = this, p = this.payload, n = p.details[kind].length, size = kind === "texts" ? p.textChunk : p.chunk;
    var k = 0;
    function next() {
      if (k >= n) { return Promise.resolve(); }
      var cached = self.chunks[kind][k], chunk = cached || blobBytes(p.prefix, kind + "-" + k, p.details[kind][k]).then(inflateJSON);
      return chunk.then(function (list) {
        if (kind === "texts") { for (var j = 0; j < list.length; j++) { visit(list[j], k * size + j); } }
        else { var rows = list.length ? list[0].length : 0; for (var r = 0; r < rows; r++) { visit(rowOf(list, r), k * size + r); } }
        k++;
        return next();
      });
    }
    return next();
  };

  /** Search places, countries, types, actors and targets, summaries, article titles and ids, and
   *  the words of the evidence: every word of the query must occur in one of them. The map then
   *  shows only the events that match; the promise gives how many events match in all. */
  EventMap.prototype.search = function (query) {
    var self = this, words = searchWords(query), token = (this.searchToken = (this.searchToken || 0) + 1);
    this.state.query = words.length ? String(query).trim() : "";
    if (this.ui) { this.ui.searchBox.value = this.state.query; }
    if (!words.length) {
      this.searchMask = null;
      this.recountHistogram();
      this.update();
      this.showResults(null);
      return Promise.resolve(null);
    }
    var full = words.length === 30 ? 0x3fffffff : (1 << words.length) - 1, tables = this.tables;
    var placeMask = tables.places.map(function (p) {
      var country = tables.countries[p[1]];
      return wordMask(p[0] + " " + (country ? country[1] + " " + country[0] : ""), words);
    });
    var typeMask = tables.types.map(function (t) { return wordMask(t[0] + " " + t[1], words); });
    var textMask = new Uint32Array(Math.max(1, this.payload.counts.texts)), docMask = [];
    var events = new Uint8Array(this.nEvents), found = 0;
    if (this.ui) { this.ui.searchStatus.textContent = "Searching\u2026"; }
    return this.scan("texts", function (text, id) { textMask[id] = wordMask(text, words); })
      .then(function () {
        return self.scan("docs", function (doc, id) { docMask[id] = wordMask(doc[0], words) | (doc[1] >= 0 ? textMask[doc[1]] : 0); });
      })
      .then(function () {
        return self.scan("events", function (r, e) {
          var m = wordMask([r[0], r[1], r[2], r[3]].concat(r[7] || [], r[8] || []).join(" "), words);
          (r[10] || []).forEach(function (s) { m |= textMask[s[1]] | (docMask[s[0]] || 0); });
          (r[11] || []).forEach(function (l) { m |= placeMask[l[0]] || 0; });
          if (e < self.nEvents) { m |= typeMask[self.eventType[e]]; }
          if ((m & full) === full) { events[e] = 1; found++; }
        });
      })
      .then(function () {
        if (token !== self.searchToken) { return null; }
        self.searchMask = events;
        self.searchFound = found;
        self.recountHistogram();
        self.update();
        self.showResults(found);
        return found;
      });
  };

  /** The events of the window (and filters, and search) as a list of buttons: the way to every
   *  event from the keyboard or a screen reader. `found`: how many match the search in all. */
  EventMap.prototype.showResults = function (found) {
    if (!this.ui) { return; }
    var self = this, ui = this.ui, c = this.cols, box = ui.results;
    box.textContent = "";
    if (found === null) { ui.searchStatus.textContent = ""; box.hidden = true; return; }
    var rows = this.eventsOf(this.windowRows).filter(function (i) { return c.status[i] === 0 || self.state.notEvents; });
    var inWindow = rows.length;
    ui.searchStatus.textContent = (this.searchMask ? found + (found === 1 ? " event matches" : " events match") + ", " : "") +
      inWindow + " in this window" + (inWindow > LIST_LIMIT ? " (the first " + LIST_LIMIT + " listed)" : "");
    box.hidden = false;
    if (this.searchMask && found > inWindow && this.state.mode !== "all") {
      var all = el("button", { type: "button", class: "ge-linkish", text: "Show every date" });
      all.addEventListener("click", function () { self.setMode("all"); self.setEnd(self.nDays - 1); self.showResults(found); });
      box.appendChild(el("p", { class: "ge-note" }, (found - inWindow) + " more outside the time window. ", all));
    }
    var ul = el("ul", { class: "ge-results-list" });
    rows.slice(0, LIST_LIMIT).forEach(function (i) {
      var t = self.tables.types[c.type[i]], place = self.tables.places[c.place[i]];
      var button = el("button", { type: "button", class: "ge-linkish" }, swatch(t[3], t[2], c.status[i] !== 0),
        el("span", { class: "ge-when", text: rangeWords(self.origin, c.start[i], c.end[i]) }),
        " " + typeName(t) + " \u00b7 " + place[0]);
      button.addEventListener("click", function () { self.goTo(i); });
      ul.appendChild(el("li", null, button));
    });
    box.appendChild(ul);
  };

  /** Show one event: the map moves to it and opens its popup. */
  EventMap.prototype.goTo = function (i) {
    var ll = L.latLng(this.cols.lat[i], this.cols.lon[i]), map = this.map;
    map.setView(ll, Math.max(map.getZoom(), this.cols.precision[i] >= 3 ? 4 : 7), { animate: false });
    return this.openRow(i, ll);
  };

  // -- download what is shown -------------------------------------------------------------------------

  /** The rows shown now (window, filters, search), an event at two places as two rows. */
  EventMap.prototype.shownRows = function () {
    var c = this.cols, self = this;
    return this.windowRows.filter(function (i) { return c.status[i] === 0 || self.state.notEvents; });
  };

  /** GeoJSON Features of rows, with the fields of events.geojson the page holds (trigger and the
   *  ACLED types are only in events.geojson). */
  EventMap.prototype.features = function (rows) {
    var self = this, c = this.cols, tables = this.tables, ids = [], seen = {};
    rows.forEach(function (i) { var e = c.event[i]; if (!seen[e]) { seen[e] = true; ids.push(e); } });
    return this.lookup("events", ids).then(function (list) {
      var records = {};
      var withText = list.map(function (r, k) { var d = eventRecord(r); records[ids[k]] = d; return self.withText(d); });
      return Promise.all(withText).then(function () {
        return rows.map(function (i) {
          var d = records[c.event[i]], place = tables.places[c.place[i]], code = tables.types[c.type[i]][0];
          var locs = d[11] || [], k = -1;
          for (var j = 0; j < locs.length; j++) { if (locs[j][0] === c.place[i]) { k = j; break; } }
          var loc = k >= 0 ? locs[k] : [c.place[i], c.precision[i], null, false], country = tables.countries[place[1]];
          var sources = d.sources || [], docs = [], urls = [];
          sources.forEach(function (s) {
            if (docs.indexOf(s.doc[0]) < 0) { docs.push(s.doc[0]); }
            if (isWebLink(s.doc[2]) && urls.indexOf(s.doc[2]) < 0) { urls.push(s.doc[2]); }
          });
          var props = {
            id: locs.length > 1 ? d[0] + "-" + (k + 1) : d[0], event_id: d[0], date: d[4], time_precision: d[5],
            date_reason: d[6], date_inferred: !!d[15], earliest: d[12], latest: d[13],
            date_start: isoDay(self.origin, c.start[i]), date_end: isoDay(self.origin, c.end[i]),
            type: code.split(":")[0], mode: d[2], label: d[3], status: d[14], place: place[0], place_id: place[7] || null,
            country: country && country[0] ? country[0] : null, feature: place[2], geo_precision: loc[1],
            location_reason: loc[2], location_inferred: !!loc[3], actors: d[7] || [], targets: d[8] || [],
            fatalities: d[16], injuries: d[9], summary: d[1], n_sources: sources.length, source_docs: docs,
            source_urls: urls,
            sources: sources.map(function (s) {
              return { doc: s.doc[0], sentence: s.sentence, start: s.start, end: s.end, title: s.doc[1],
                url: isWebLink(s.doc[2]) ? s.doc[2] : null, published: s.doc[3] };
            })
          };
          return { type: "Feature", id: props.id, geometry: { type: "Point", coordinates: [place[6], place[5]] }, properties: props };
        });
      });
    });
  };

  var CSV_FIELDS = ["id", "event_id", "date", "time_precision", "date_reason", "date_inferred", "earliest", "latest",
    "date_start", "date_end", "type", "mode", "label", "status", "place", "place_id", "country", "feature",
    "geo_precision", "location_reason", "location_inferred", "actors", "targets", "fatalities", "injuries",
    "summary", "n_sources", "source_docs", "source_urls", "sources"];

  /** The features as events.csv lays them out: lat, lon, datetime (kepler.gl), then the fields;
   *  lists joined with "; ", the sources as JSON. */
  function toCSV(features) {
    var lines = [["lat", "lon", "datetime"].concat(CSV_FIELDS).join(",")];
    features.forEach(function (f) {
      var p = f.properties, cells = [f.geometry.coordinates[1], f.geometry.coordinates[0], p.date ? p.date + " 00:00:00" : null];
      CSV_FIELDS.forEach(function (k) {
        var v = p[k];
        if (k === "sources") { v = JSON.stringify(v); } else if (Array.isArray(v)) { v = v.join("; "); }
        cells.push(v);
      });
      lines.push(cells.map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  /** What is shown, as a file: "geojson" or "csv". Resolves to {name, text} once the browser has
   *  been handed the file. */
  EventMap.prototype.download = function (format) {
    var self = this, rows = this.shownRows(), win = windowOf(this.state.mode, this.state.end, this.state.start);
    if (this.ui) { this.ui.toolStatus.textContent = "Preparing " + rows.length + " rows\u2026"; }
    return this.features(rows).then(function (features) {
      var text = format === "csv" ? toCSV(features)
        : JSON.stringify({ type: "FeatureCollection", features: features });
      var name = "events_" + (self.nDays ? isoDay(self.origin, win[0]) + "_" + isoDay(self.origin, win[1]) : "undated") +
        (format === "csv" ? ".csv" : ".geojson");
      var blob = new Blob([text], { type: format === "csv" ? "text/csv" : "application/geo+json" });
      var a = el("a", { href: URL.createObjectURL(blob), download: name, hidden: "hidden" });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      if (self.ui) { self.ui.toolStatus.textContent = "Downloaded " + features.length + " rows as " + name + "."; }
      return { name: name, text: text };
    });
  };

  // -- the permalink --------------------------------------------------------------------------------------

  EventMap.prototype.hashState = function () {
    var st = {}, self = this, tables = this.tables, c = this.map.getCenter(), last = Math.max(0, this.nDays - 1);
    function list(table, on) {
      var shown = [], hidden = [];
      table.forEach(function (t, k) { (on[k] ? shown : hidden).push(t[0]); });
      return hidden.length === 0 ? null : shown.length <= hidden.length ? { on: shown } : { off: hidden };
    }
    if (this.state.mode !== "all") { st.w = this.state.mode; }
    if (this.nDays && (this.state.end !== last || this.state.mode !== "all")) { st.d = isoDay(this.origin, this.state.end); }
    if (this.state.mode === "range") { st.s = isoDay(this.origin, this.state.start); }
    var t = list(tables.types, this.typeOn), k = list(tables.countries, this.countryOn);
    if (t) { if (t.on) { st.t = t.on; } else { st.tx = t.off; } }
    if (k) { if (k.on) { st.c = k.on; } else { st.cx = k.off; } }
    if (this.state.notEvents) { st.x = "1"; }
    if (this.state.query) { st.q = this.state.query; }
    st.m = c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + this.map.getZoom();
    if (this.state.basemap !== this.defaultBasemap) { st.b = this.state.basemap; }
    if (this.state.view === "density") { st.v = "density"; }
    if (this.state.speed !== 1) { st.p = String(this.state.speed); }
    return encodeHash(st);
  };

  EventMap.prototype.link = function () {
    return location.href.split("#")[0] + "#" + this.hashState();
  };

  /** Keep the page's address in step with what it shows (a link shows what you saw). */
  EventMap.prototype.saveHash = function () {
    var self = this;
    if (!this.ready || this.hashTimer) { return; }
    this.hashTimer = setTimeout(function () {
      self.hashTimer = null;
      var hash = "#" + self.hashState();
      if (location.hash === hash) { return; }
      try { history.replaceState(history.state, "", hash); } catch (e) { try { location.replace(hash); } catch (e2) { /* read-only */ } }
    }, 250);
  };

  /** Apply a permalink's state (see encodeHash); returns true when it set the view. */
  EventMap.prototype.applyHash = function (hash) {
    var h = decodeHash(hash), self = this, tables = this.tables;
    if (!Object.keys(h).length) { return false; }
    function pick(table, on, off) {
      if (on) { return on; }
      if (off) { return table.map(function (t) { return t[0]; }).filter(function (code) { return off.indexOf(code) < 0; }); }
      return null;
    }
    var types = pick(tables.types, h.t, h.tx), countries = pick(tables.countries, h.c, h.cx);
    tables.types.forEach(function (t, k) { self.typeOn[k] = types === null || types.indexOf(t[0]) >= 0 ? 1 : 0; });
    tables.countries.forEach(function (t, k) { self.countryOn[k] = countries === null || countries.indexOf(t[0]) >= 0 ? 1 : 0; });
    this.syncChecks();
    this.state.notEvents = h.x === "1";
    if (this.ui) { this.ui.notEvents.checked = this.state.notEvents; }
    var last = Math.max(0, this.nDays - 1);
    if (h.d) { this.state.end = Math.max(0, Math.min(last, dayOf(this.origin, h.d))); }
    if (h.w === "range" && h.s) { this.state.start = Math.max(0, Math.min(this.state.end, dayOf(this.origin, h.s))); }
    if (h.w && (WINDOW_DAYS[h.w] || h.w === "range" || h.w === "all")) {
      this.state.mode = h.w;
      if (this.ui) {
        this.ui.modes.forEach(function (r) { r.checked = r.value === h.w; });
        this.ui.from.hidden = h.w !== "range";
        this.ui.dual.classList.toggle("ge-is-range", h.w === "range");
      }
    }
    if (h.p) { this.setSpeed(h.p); }
    if (h.v === "density") { this.state.view = "density"; if (this.ui) { this.ui.views.forEach(function (r) { r.checked = r.value === "density"; }); } }
    if (h.b && BASEMAPS[h.b]) { this.setBasemap(h.b); }
    this.recountHistogram();
    var view = false;
    if (h.m) {
      var m = h.m.split(",").map(Number);
      if (m.length === 3 && m.every(isFinite)) { this.map.setView([m[0], m[1]], m[2], { animate: false }); view = true; }
    }
    if (h.q) { this.search(h.q); }
    return view;
  };

  /** Everything back as the page opened: all types and countries, every date, no search, the
   *  events framed. */
  EventMap.prototype.reset = function () {
    this.play(false);
    this.typeOn.fill(1); this.countryOn.fill(1);
    this.syncChecks();
    this.state.notEvents = false;
    if (this.ui) { this.ui.notEvents.checked = false; }
    this.state.speed = 1;
    if (this.ui) { this.ui.speed.value = "1"; }
    this.state.end = Math.max(0, this.nDays - 1); this.state.start = 0;
    this.state.view = "markers";
    if (this.ui) { this.ui.views.forEach(function (r) { r.checked = r.value === "markers"; }); }
    if (this.density && this.map.hasLayer(this.density)) { this.map.removeLayer(this.density); }
    this.setBasemap(this.defaultBasemap, this.ui && this.defaultBasemap !== "streets" ? this.ui.baseNote.textContent : "");
    this.searchMask = null; this.state.query = "";
    if (this.ui) { this.ui.searchBox.value = ""; this.showResults(null); }
    this.setMode("all");
    this.recountHistogram();
    this.frame();
    return this.update();
  };

  /** Frame the events that happened (keeping them clear of the controls). */
  EventMap.prototype.frame = function () {
    var c = this.cols, south = 90, north = -90, west = 180, east = -180, map = this.map;
    for (var i = 0; i < this.n; i++) {
      if (c.status[i] !== 0) { continue; }
      south = Math.min(south, c.lat[i]); north = Math.max(north, c.lat[i]);
      west = Math.min(west, c.lon[i]); east = Math.max(east, c.lon[i]);
    }
    for (var q = 0; q < this.unplaced.length && north < south; q++) {
      // nothing dated: frame the undated events' places
      var up = this.unplaced[q].place >= 0 ? this.tables.places[this.unplaced[q].place] : null;
      if (up) { south = north = up[5]; west = east = up[6]; }
    }
    if (north >= south) {
      map.fitBounds([[south, west], [north, east]], L.extend(this.framePadding(), { maxZoom: 8, animate: false }));
      // a world-wide set never opens on the whole world shrunk to a stamp
      if (map.getZoom() < 1) { map.setView(map.getCenter(), 1, { animate: false }); }
    }
  };

  // -- controls --------------------------------------------------------------------------------------

  EventMap.prototype.foldPanel = function (fold) {
    var ui = this.ui;
    ui.panelBody.hidden = fold;
    ui.panel.classList.toggle("ge-folded", fold);
    ui.toggle.textContent = fold ? (this.narrow ? "\u2630 Filters" : "\u2630 Legend, filters, tools") : "Hide";
    ui.toggle.setAttribute("aria-expanded", fold ? "false" : "true");
  };

  function radios(name, items, checked, onChange, label) {
    var group = el("div", { class: "ge-radios", role: "radiogroup", "aria-label": label });
    var inputs = items.map(function (m) {
      var r = el("input", { type: "radio", name: name, value: m[0], "aria-label": m[2] || m[1] });
      r.checked = m[0] === checked;
      r.addEventListener("change", function () { if (r.checked) { onChange(m[0]); } });
      group.appendChild(el("label", { title: m[2] || m[1] }, r, el("span", { text: m[1] })));
      return r;
    });
    return { node: group, inputs: inputs };
  }

  EventMap.prototype.buildControls = function () {
    var self = this, map = this.map, counts = this.counts(), tables = this.tables, id = L.stamp(this);
    var ui = this.ui = { typeChecks: [], countryChecks: [] };
    this.narrow = map.getSize().x < NARROW;
    map.getContainer().classList.toggle("ge-narrow", this.narrow);
    map.getContainer().setAttribute("aria-label", "Map of the events" + (this.payload.title ? ": " + this.payload.title : ""));

    // search, top left: places, actors, words of the evidence
    var search = ui.search = el("div", { class: "ge-search", role: "search" });
    var form = el("form", { class: "ge-row" });
    ui.searchBox = el("input", { type: "search", class: "ge-search-box", placeholder: "Search places, actors, words\u2026",
      "aria-label": "Search the events (places, actors, words of the evidence)", autocomplete: "off" });
    var go = el("button", { type: "submit", class: "ge-button", text: "Search" });
    var list = el("button", { type: "button", class: "ge-button", text: "List", "aria-label": "List the events of this window" });
    form.appendChild(ui.searchBox); form.appendChild(go); form.appendChild(list);
    form.addEventListener("submit", function (e) { e.preventDefault(); self.search(ui.searchBox.value); });
    ui.searchBox.addEventListener("input", function () { if (!ui.searchBox.value) { self.search(""); } });
    list.addEventListener("click", function () {
      if (!ui.results.hidden && !self.searchMask) { self.showResults(null); } else { self.showResults(self.searchMask ? self.searchFound : 0); }
    });
    ui.searchStatus = el("div", { class: "ge-note", role: "status", "aria-live": "polite" });
    ui.results = el("div", { class: "ge-results" });
    ui.results.hidden = true;
    search.appendChild(form); search.appendChild(ui.searchStatus); search.appendChild(ui.results);
    var SearchControl = L.Control.extend({ onAdd: function () { return search; } });
    new SearchControl({ position: "topleft" }).addTo(map);

    // the time bar, bottom left
    var time = el("div", { class: "ge-time" });
    ui.play = el("button", { type: "button", class: "ge-play", "aria-label": "Play", "aria-pressed": "false", text: "\u25b6" });
    ui.play.addEventListener("click", function () { self.play(); });
    var back = el("button", { type: "button", class: "ge-play", "aria-label": "Step back", title: "Step back", text: "\u2039" });
    var fwd = el("button", { type: "button", class: "ge-play", "aria-label": "Step forward", title: "Step forward", text: "\u203a" });
    back.addEventListener("click", function () { self.play(false); self.step(-1); });
    fwd.addEventListener("click", function () { self.play(false); self.step(1); });
    ui.speed = el("select", { class: "ge-speed", "aria-label": "Play speed", title: "Play speed" });
    SPEEDS.forEach(function (v) { var o = el("option", { value: String(v), text: v + "\u00d7" }); o.selected = v === 1; ui.speed.appendChild(o); });
    ui.speed.addEventListener("change", function () { self.setSpeed(ui.speed.value); });
    var modes = radios("ge-mode-" + id, [["day", "Day", "A day"], ["week", "Week", "A week"], ["month", "30 days", "30 days"],
      ["all", "All to date", "Everything up to this day"], ["range", "Range", "A range of days (two handles)"]],
      this.state.mode, function (m) { self.setMode(m); }, "Time window");
    ui.modes = modes.inputs;
    ui.hist = el("canvas", { class: "ge-hist", "aria-hidden": "true" });
    ui.hist.addEventListener("click", function (e) {
      var rect = ui.hist.getBoundingClientRect(), day = Math.floor((e.clientX - rect.left) / rect.width * self.nDays);
      if (self.state.mode === "range" && Math.abs(day - self.state.start) < Math.abs(day - self.state.end)) {
        self.setRange(day, self.state.end);
      } else { self.setEnd(day); }
    });
    ui.histKey = el("div", { class: "ge-histkey", text: "Pale: events known only to a week, month or year, " +
      "spread over its days (each weighs one event in all)." });
    var top = Math.max(0, this.nDays - 1);
    ui.dual = el("div", { class: "ge-dual" });
    var track = el("div", { class: "ge-track" });
    ui.fill = el("div", { class: "ge-fill" });
    track.appendChild(ui.fill);
    ui.from = el("input", { type: "range", class: "ge-slider ge-from", min: 0, max: top, step: 1, value: 0,
      "aria-label": "First day of the time window" });
    ui.from.hidden = true;
    ui.slider = el("input", { type: "range", class: "ge-slider ge-to", min: 0, max: top, step: 1,
      value: this.state.end, "aria-label": "Last day of the time window" });
    ui.dual.appendChild(track); ui.dual.appendChild(ui.from); ui.dual.appendChild(ui.slider);
    var pending = false;
    function later() { if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; self.update(); }); } }
    ui.slider.addEventListener("input", function () {
      self.state.end = +ui.slider.value;
      if (self.state.mode === "range" && self.state.start > self.state.end) { self.state.start = self.state.end; }
      later();
    });
    ui.from.addEventListener("input", function () {
      self.state.start = +ui.from.value;
      if (self.state.start > self.state.end) { self.state.end = self.state.start; }
      later();
    });
    ui.range = el("div", { class: "ge-range", "aria-live": "polite" });
    ui.count = el("div", { class: "ge-count" });
    time.appendChild(el("div", { class: "ge-row" }, back, ui.play, fwd, ui.speed, modes.node));
    time.appendChild(ui.hist);
    time.appendChild(ui.dual);
    time.appendChild(el("div", { class: "ge-row ge-words" }, ui.range, ui.count));
    time.appendChild(ui.histKey);
    ui.time = time;
    if (!this.nDays) { [ui.slider, ui.from, ui.play, back, fwd].forEach(function (x) { x.disabled = true; }); }
    var TimeControl = L.Control.extend({ onAdd: function () { return time; } });
    new TimeControl({ position: "bottomleft" }).addTo(map);

    // legend, filters and tools, top right; folded to a button on a phone
    var panel = ui.panel = el("div", { class: "ge-panel" });
    var body = ui.panelBody = el("div", { class: "ge-panel-body", id: "ge-panel-" + id });
    var toggle = ui.toggle = el("button", { type: "button", class: "ge-collapse", "aria-expanded": "true", "aria-controls": "ge-panel-" + id, text: "Hide" });
    toggle.addEventListener("click", function () { self.foldPanel(!body.hidden); });
    panel.appendChild(toggle);
    if (this.payload.title) { body.appendChild(el("h3", { class: "ge-title", text: this.payload.title })); }
    panel.appendChild(body);

    var typeSet = el("fieldset", { class: "ge-types" }, el("legend", { text: "Event type" }));
    var groups = [], order = ["Violence and coercion", "Words and demands", "Cooperation", "Other happenings"];
    tables.types.forEach(function (t) { var g = t[4] || "Other happenings"; if (groups.indexOf(g) < 0) { groups.push(g); } });
    groups.sort(function (x, y) { return (order.indexOf(x) + 99) % 99 - (order.indexOf(y) + 99) % 99; });
    // within a section the most frequent first
    var byCount = tables.types.map(function (t, k) { return k; }).sort(function (x, y) { return counts.byType[y] - counts.byType[x] || x - y; });
    groups.forEach(function (g) {
      if (groups.length > 1) { typeSet.appendChild(el("div", { class: "ge-group", text: g })); }
      byCount.forEach(function (k) {
        var t = tables.types[k];
        if ((t[4] || "Other happenings") !== g) { return; }
        var box = el("input", { type: "checkbox", value: t[0] });
        box.checked = true;
        box.addEventListener("change", function () { self.typeOn[k] = box.checked ? 1 : 0; self.recountHistogram(); self.update(); });
        ui.typeChecks[k] = box;
        typeSet.appendChild(el("label", { title: t[1] + " \u2014 PLOVER " + t[0] }, box, swatch(t[3], t[2], false), typeName(t),
          el("span", { class: "ge-n", text: String(counts.byType[k]) })));
      });
    });
    body.appendChild(typeSet);
    var key = el("p", { class: "ge-note" });
    var tag = el("span", { class: "ge-tag", text: "\u2020 12" });
    key.appendChild(document.createTextNode("Size and the red tag "));
    key.appendChild(tag);
    key.appendChild(document.createTextNode(": people killed. Dark discs group nearby events (the number inside); " +
      "shaded outlines and dashed rings are events located only to a region or country."));
    body.appendChild(key);

    var countrySet = el("fieldset", { class: "ge-countries" }, el("legend", { text: "Country" }));
    var allNone = el("div", { class: "ge-row" });
    [["All", null], ["None", []]].forEach(function (b) {
      var btn = el("button", { type: "button", class: "ge-linkish", text: b[0] });
      btn.addEventListener("click", function () { self.setCountries(b[1]); });
      allNone.appendChild(btn);
    });
    countrySet.appendChild(allNone);
    var scroll = el("div", { class: "ge-scroll" });
    tables.countries.map(function (t, k) { return k; })
      .sort(function (x, y) { return counts.byCountry[y] - counts.byCountry[x]; })
      .forEach(function (k) {
        var t = tables.countries[k], box = el("input", { type: "checkbox", value: t[0] });
        box.checked = true;
        box.addEventListener("change", function () { self.countryOn[k] = box.checked ? 1 : 0; self.recountHistogram(); self.update(); });
        ui.countryChecks[k] = box;
        scroll.appendChild(el("label", null, box, t[1], el("span", { class: "ge-n", text: String(counts.byCountry[k]) })));
      });
    countrySet.appendChild(scroll);
    body.appendChild(countrySet);

    ui.notEvents = el("input", { type: "checkbox" });
    ui.notEvents.addEventListener("change", function () { self.setNotEvents(ui.notEvents.checked); });
    // only when there is something to show: an empty switch is one more thing to read
    if (counts.notEvents) {
      body.appendChild(el("label", { class: "ge-notevents" }, ui.notEvents,
        "Also show reports of what did not happen (threats, plans, denials) as hollow markers",
        el("span", { class: "ge-n", text: String(counts.notEvents) })));
    }

    // how the map is drawn
    var look = el("fieldset", { class: "ge-look" }, el("legend", { text: "Map" }));
    var views = radios("ge-view-" + id, [["markers", "Markers and clusters"], ["density", "Density (heatmap)"]], "markers",
      function (v) { self.setView(v); }, "How events are drawn");
    ui.views = views.inputs;
    look.appendChild(views.node);
    var bases = radios("ge-base-" + id, Object.keys(BASEMAPS).map(function (k) { return [k, BASEMAPS[k].label]; }),
      this.state.basemap, function (b) { self.setBasemap(b); }, "Basemap");
    ui.basemaps = bases.inputs;
    look.appendChild(el("div", { class: "ge-group", text: "Basemap" }));
    look.appendChild(bases.node);
    ui.baseNote = el("p", { class: "ge-note ge-basenote", role: "status" });
    ui.baseNote.hidden = true;
    look.appendChild(ui.baseNote);
    body.appendChild(look);

    // tools: the permalink, what is shown as a file, reset
    var tools = el("fieldset", { class: "ge-tools" }, el("legend", { text: "Share and download" }));
    var copy = el("button", { type: "button", class: "ge-button", text: "Copy link to this view" });
    ui.linkBox = el("input", { type: "text", class: "ge-linkbox", readonly: "readonly", "aria-label": "Link to this view" });
    ui.linkBox.hidden = true;
    copy.addEventListener("click", function () {
      var url = self.link();
      ui.linkBox.value = url; ui.linkBox.hidden = false; ui.linkBox.select();
      var done = function () { ui.toolStatus.textContent = "Link copied: it opens this window, these filters and this view."; };
      try {
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { ui.toolStatus.textContent = "Copy the link above."; });
        } else { ui.toolStatus.textContent = document.execCommand && document.execCommand("copy") ? "Link copied." : "Copy the link above."; }
      } catch (e) { ui.toolStatus.textContent = "Copy the link above."; }
    });
    var gj = el("button", { type: "button", class: "ge-button", text: "GeoJSON", "aria-label": "Download the events shown as GeoJSON" });
    var csv = el("button", { type: "button", class: "ge-button", text: "CSV", "aria-label": "Download the events shown as CSV" });
    gj.addEventListener("click", function () { self.download("geojson"); });
    csv.addEventListener("click", function () { self.download("csv"); });
    var reset = el("button", { type: "button", class: "ge-button", text: "Reset view and filters" });
    reset.addEventListener("click", function () { self.reset(); });
    ui.toolStatus = el("p", { class: "ge-note", role: "status", "aria-live": "polite" });
    tools.appendChild(el("div", { class: "ge-row" }, copy, reset));
    tools.appendChild(ui.linkBox);
    tools.appendChild(el("div", { class: "ge-row" }, el("span", { text: "Download what is shown:" }), gj, csv));
    tools.appendChild(ui.toolStatus);
    body.appendChild(tools);

    body.appendChild(this.unplacedList());
    var Panel = L.Control.extend({ onAdd: function () { return panel; } });
    new Panel({ position: "topright" }).addTo(map);
    [time, panel, search].forEach(function (node) { L.DomEvent.disableClickPropagation(node); L.DomEvent.disableScrollPropagation(node); });

    // on a phone: the panel starts folded, the credits behind an (i) button, no scale bar
    if (this.narrow) {
      this.foldPanel(true);
      // the credits go under the panel's button: at the bottom they would cover the time bar
      map.attributionControl.setPosition("topright");
      var attribution = map.attributionControl.getContainer();
      attribution.classList.add("ge-attr-folded");
      var info = el("button", { type: "button", class: "ge-info", "aria-label": "Credits", "aria-expanded": "false", text: "i" });
      info.addEventListener("click", function () {
        var open = attribution.classList.toggle("ge-attr-folded") === false;
        info.setAttribute("aria-expanded", open ? "true" : "false");
      });
      attribution.parentNode.insertBefore(info, attribution);
    }
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
      blobBytes(prefix, "unplaced", sizes.unplaced).then(inflateJSON).then(function (u) { parts.unplaced = u; }),
      sizes.basemap ? blobBytes(prefix, "basemap", sizes.basemap).then(inflateJSON).then(function (b) { parts.basemap = b; })
        : Promise.resolve()
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
      if (parts.basemap) { em.buildBasemap(parts.basemap); }
      em.buildControls();
      em.setBasemap("streets");
      em.defaultBasemap = em.watchTiles() || !em.tiles ? "light" : "streets";
      if (!em.tiles) { em.setBasemap("light"); }
      var viewed = em.applyHash(location.hash);
      em.recountHistogram();
      if (!viewed) { em.frame(); }
      em.update();
      map.on("moveend", function () { em.update(); });
      em.ready = true;
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
      playStep: playStep, whenWords: whenWords, searchWords: searchWords, wordMask: wordMask, encodeHash: encodeHash,
      decodeHash: decodeHash, toCSV: toCSV, csvCell: csvCell, basemapShapes: basemapShapes }
  };
})(window);
