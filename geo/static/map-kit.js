/* The map's own drawing code, loaded once per page (see geo/fastrender.py: MapKit, Items,
 * Shade, Legend). The app serves it as a static file with the legend's HTML appended, so a
 * rerun sends only data and these calls; a page that must stand alone gets it inline. */
(function () {
  "use strict";
  var LAND_PANE = "allyLand", SHADE_PANE = "allyShade";

  // The curve of geo.arcs.arc: a quadratic Bezier in plain lat/lon, n + 1 points.
  function arc(c) {
    var lat0 = c[0], lon0 = c[1], lat1 = c[2], lon1 = c[3], bend = c[4], n = c[5];
    var dx = lon1 - lon0, dy = lat1 - lat0;
    var cx = (lon0 + lon1) / 2 - dy * bend, cy = (lat0 + lat1) / 2 + dx * bend;
    var points = [[lat0, lon0]];
    for (var i = 1; i < n; i++) {
      var t = i / n, u = 1 - t;
      var lon = u * u * lon0 + 2 * u * t * cx + t * t * lon1;
      var lat = u * u * lat0 + 2 * u * t * cy + t * t * lat1;
      points.push([Math.max(-89.9, Math.min(89.9, lat)), lon]);
    }
    points.push([lat1, lon1]);
    return points;
  }

  // Panes under every line and marker (overlayPane is 400), so that shapes which arrive after
  // the layers (they are fetched) are still drawn beneath them. The shapes: a promise of a
  // GeoJSON FeatureCollection whose features carry properties.iso3.
  window.allySetup = function (map, o) {
    map.createPane(LAND_PANE).style.zIndex = 350;
    map.createPane(SHADE_PANE).style.zIndex = 360;
    map.getPane(LAND_PANE).style.pointerEvents = "none";
    map.getPane(SHADE_PANE).style.pointerEvents = "none";
    window.allyShapes = o.data ? Promise.resolve(o.data) :
      fetch(o.url, {cache: "force-cache"}).then(function (r) {
        if (!r.ok) { throw new Error("country shapes: HTTP " + r.status); }
        return r.json();
      });
    window.allyShapes.then(function (data) {
      L.geoJSON(data, {interactive: false, pane: LAND_PANE, style: o.land}).addTo(map);
    });
  };

  // One Leaflet layer for an item {t, ll, icon, tip} with its options o: a marker with a
  // divIcon, a line, a polygon or a circle marker, with its tooltip (sticky by default). The
  // map's own items (allyDraw) and a big map's zoom-ranged items (geo.fastrender.LodItems)
  // are both made here.
  window.allyLayer = function (d, o, tipOptions) {
    var layer;
    if (d.t === "marker") {
      o.icon = L.divIcon(d.icon);
      layer = L.marker(d.ll, o);
    } else if (d.t === "line") {
      layer = L.polyline(d.ll, o);
    } else if (d.t === "polygon") {
      layer = L.polygon(d.ll, o);
    } else {
      layer = L.circleMarker(d.ll, o);
    }
    if (d.tip) { layer.bindTooltip(d.tip, tipOptions || {sticky: true}); }
    return layer;
  };

  // Items in the form of geo.fastrender.wire: {"s": table, "i": items}, made whole again: each
  // with its points, options (o), icon and tooltip options (to). Groups drawn in order may
  // share the table of the first (geo.fastrender.wire_shared): it is kept until the next.
  function unpack(data) {
    if (data.s) { window.allyTable = data.s; }
    var table = window.allyTable, items = data.i, prev = null;
    function opts(v) { return Object.assign({}, typeof v === "number" ? table[v] : v); }
    for (var i = 0; i < items.length; i++) {
      var d = items[i];
      d.o = opts(d.o);
      if (d.c) { d.o.className = d.c; }
      if (d.p) { d.ll = prev.ll; } else if (d.arc) { d.ll = arc(d.arc); }
      if (d.t === "marker") {
        var icon = opts(d.icon);
        if (d.h) {
          // The icon's HTML comes in pieces: text, a symbol from the table, text.
          icon.html = d.h.map(function (x) {
            return typeof x === "number" ? table[x] : x;
          }).join("");
        }
        d.icon = icon;
      }
      if (d.to !== undefined) { d.to = opts(d.to); }
      prev = d;
    }
    return items;
  }

  // The items of a group (geo.fastrender.Items), drawn once.
  window.allyDraw = function (group, data) {
    var items = unpack(data);
    for (var i = 0; i < items.length; i++) {
      window.allyLayer(items[i], items[i].o, items[i].to).addTo(group);
    }
  };

  // Countries filled by style: by[iso3] names a style of styles.
  window.allyShade = function (group, by, styles, base) {
    window.allyShapes.then(function (data) {
      L.geoJSON(data, {
        interactive: false,
        pane: SHADE_PANE,
        filter: function (f) { return Object.prototype.hasOwnProperty.call(by, f.properties.iso3); },
        style: function (f) { return Object.assign({}, base, styles[by[f.properties.iso3]]); }
      }).addTo(group);
    });
  };

  // The legend (folded on small maps), the attribution, and the zoom classes: ally-zoom-low
  // below zoom 4 hides place labels, ally-z<zoom> shows the marker labels placed for it.
  window.allyLegend = function (map, o) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "ally-legend");
      div.innerHTML = o.html === undefined ? window.allyLegendHtml : o.html;
      var size = map.getSize();
      if (size.x < o.openMin[0] || size.y < o.openMin[1]) {
        div.querySelector("details").open = false;
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution(o.attribution);
    function mark() {
      var c = map.getContainer(), z = Math.round(map.getZoom());
      c.classList.toggle("ally-zoom-low", z < 4);
      c.className = c.className.replace(/\bally-z\d+\b/g, "").trim() + " ally-z" + z;
    }
    map.on("zoomend", mark);
    mark();
    // Labels shown at every zoom (a tour scene's subject, the selection) can meet where markers
    // share a seat: once the markers are drawn or the zoom changes, move those that meet.
    var pending = null;
    function later() {
      if (pending === null) {
        pending = setTimeout(function () { pending = null; window.allyUnstack(map); }, 40);
      }
    }
    map.on("zoomend layeradd", later);
  };

  // Labels placed in Python (geo.labels) never meet; a label shown at every zoom may. Each shown
  // label, in drawing order, keeps its place right of its marker if it meets no label kept
  // before it; else it takes the first free place of: left, then a line lower or higher on
  // either side. A map with very many labels is left as it is (it would cost a long layout).
  var PLACES = [[0, 0], [1, 0], [0, 1], [1, 1], [0, -1], [1, -1], [0, 2], [1, 2], [0, -2], [1, -2]];
  window.allyUnstack = function (map) {
    var shown = [].slice.call(map.getContainer().querySelectorAll(".ally-label"));
    shown.forEach(function (l) { l.classList.remove("ally-label-left"); l.style.marginTop = ""; });
    shown = shown.filter(function (l) { return l.offsetParent !== null && l.offsetWidth > 0; });
    if (shown.length > 400) { return; }
    var kept = [];
    function meets(r) {
      return kept.some(function (k) {
        return r.left < k.right - 1 && k.left < r.right - 1 && r.top < k.bottom - 1 && k.top < r.bottom - 1;
      });
    }
    shown.forEach(function (label) {
      var rect = label.getBoundingClientRect();
      for (var i = 1; i < PLACES.length && meets(rect); i++) {
        label.classList.toggle("ally-label-left", PLACES[i][0] === 1);
        label.style.marginTop = (PLACES[i][1] * rect.height) + "px";
        rect = label.getBoundingClientRect();
      }
      if (meets(rect)) { label.classList.remove("ally-label-left"); label.style.marginTop = ""; rect = label.getBoundingClientRect(); }
      kept.push(rect);
    });
  };

  // A big map's zoom-ranged items (geo.fastrender.LodItems): an item with "z": [min, max] is
  // on the map only while the zoom is in [min, max) (either end may be null); a marker with
  // "zoomTo" zooms the map in to that level when clicked. With canvas true, paths are drawn on
  // one canvas. Items are added to and removed from their feature group, so a click handler
  // on the group still sees their clicks.
  window.allyLod = function (group, data, canvas) {
    var items = unpack(data), ranged = [], bound = null;
    var renderer = canvas ? L.canvas({padding: 0.5, tolerance: 5}) : null;
    function zoomer(d) {
      return function () {
        if (bound) { bound.setView(d.ll, Math.max(bound.getZoom(), d.zoomTo)); }
      };
    }
    for (var i = 0; i < items.length; i++) {
      var d = items[i], o = d.o;
      if (renderer && d.t !== "marker") { o.renderer = renderer; }
      var layer = window.allyLayer(d, o, d.to);  // the one way to make a layer
      if (d.zoomTo) { layer.on("click", zoomer(d)); }
      if (d.z && (d.z[0] !== null || d.z[1] !== null)) {
        ranged.push([layer, d.z[0], d.z[1]]);
      } else {
        layer.addTo(group);
      }
    }
    function update() {
      if (!bound) { return; }
      var z = bound.getZoom();
      for (var k = 0; k < ranged.length; k++) {
        var r = ranged[k], show = (r[1] === null || z >= r[1]) && (r[2] === null || z < r[2]);
        if (show && !group.hasLayer(r[0])) { group.addLayer(r[0]); }
        else if (!show && group.hasLayer(r[0])) { group.removeLayer(r[0]); }
      }
    }
    group.on("add", function () { bound = group._map; bound.on("zoomend", update); update(); });
    group.on("remove", function () { if (bound) { bound.off("zoomend", update); } bound = null; });
  };
})();

/* Play the years (geo/playback.py): the year steps from the earliest dated tie to the last
 * year at a chosen speed, drawn here frame by frame with no server round trip. A tie's line
 * (class ally-when-<rel_id>) appears when its start year passes and fades from the year of a
 * dated event that ends or weakens it; ties the sources do not date stay drawn, faint. The
 * year stands large on the map and the year's events are named under the controls. With
 * data.compare (geo.playback.comparison) the map opens comparing two years instead: the ties
 * new, changed or weakened between them drawn apart (heavy, heavy, dashed), the rest faint, and
 * each difference listed with what dates it and its quotes. Play, a step or All leave it. */
(function () {
  "use strict";
  var FAINT = 0.25;
  var STYLE = ".ally-play{background:#fff;padding:6px 8px;border-radius:6px;" +
    "box-shadow:0 1px 4px rgba(0,0,0,.35);font:14px/1.3 system-ui,sans-serif;max-width:300px}" +
    ".ally-play-row{display:flex;gap:4px;align-items:center}" +
    ".ally-play button,.ally-play select{font:inherit;padding:2px 6px}" +
    ".ally-play input{width:100%}.ally-play ul{margin:4px 0 0;padding-left:18px;" +
    "max-height:180px;overflow:auto}.ally-play blockquote{margin:2px 0 4px;font-size:13px}" +
    ".ally-play footer{color:#444;font-size:12px}.ally-play-year{position:absolute;left:60px;top:8px;" +
    "z-index:800;font:700 56px/1 system-ui,sans-serif;color:#1b3a5c;" +
    "text-shadow:0 0 6px #fff,0 0 3px #fff;pointer-events:none}" +
    ".ally-play-year.ally-play-span{font-size:32px}" +
    ".ally-play li.ally-play-fold{list-style:none;margin-left:-18px}" +
    ".ally-play ul:has(> .ally-play-fold){max-height:none;overflow:visible}" +
    ".ally-play details ul{max-height:220px;overflow:auto;padding-left:18px}";

  function style(doc) {
    if (doc.getElementById("ally-play-style")) { return; }
    var el = doc.createElement("style");
    el.id = "ally-play-style";
    el.textContent = STYLE;
    doc.head.appendChild(el);
  }

  // A tie's paths: its hit line (class ally-tie-<rel_id>) and the visible line drawn just
  // before it (allyDraw adds them one after the other).
  function lines(map, rel) {
    var out = [];
    map.getContainer().querySelectorAll("path.ally-tie-" + rel).forEach(function (hit) {
      out.push(hit);
      var line = hit.previousElementSibling;
      if (line && line.classList.contains("ally-tie")) { out.push(line); }
    });
    return out;
  }

  window.allyPlay = function (group, data) {
    function start(map) {
      if (map.__allyPlay) { map.__allyPlay.remove(); }
      style(document);
      var year = null, timer = null, speed = 1;
      var big = L.DomUtil.create("div", "ally-play-year", map.getContainer());
      big.setAttribute("aria-hidden", "true");
      var control = L.control({position: "topright"});
      var box, range, label, list, playButton;
      control.onAdd = function () {
        box = L.DomUtil.create("div", "ally-play");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", "Play the years");
        box.innerHTML =
          '<div class="ally-play-row">' +
          '<button type="button" data-act="back" aria-label="One year back">&#9664;</button>' +
          '<button type="button" data-act="play" class="ally-play-main">Play</button>' +
          '<button type="button" data-act="step" aria-label="One year on">&#9654;</button>' +
          '<select aria-label="Speed"><option value="0.5">slow</option>' +
          '<option value="1" selected>1 year/s</option><option value="3">fast</option></select>' +
          '<button type="button" data-act="all" aria-label="Show every tie">All</button></div>' +
          '<input type="range" aria-label="Year">' +
          '<div class="ally-play-label" aria-live="polite"></div><ul></ul>';
        range = box.querySelector("input");
        range.min = data.first; range.max = data.last; range.step = 1; range.value = data.first;
        label = box.querySelector(".ally-play-label");
        list = box.querySelector("ul");
        playButton = box.querySelector(".ally-play-main");
        box.querySelector("select").addEventListener("change", function (e) {
          speed = parseFloat(e.target.value) || 1;
          if (timer) { pause(); play(); }
        });
        box.addEventListener("click", function (e) {
          var act = e.target.getAttribute && e.target.getAttribute("data-act");
          if (act === "play") { if (timer) { pause(); } else { play(); } }
          if (act === "back") { pause(); show((year || data.first) - 1); }
          if (act === "step") { pause(); show((year === null ? data.first - 1 : year) + 1); }
          if (act === "all") { pause(); reset(); }
        });
        range.addEventListener("input", function () { pause(); show(parseInt(range.value, 10)); });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      };
      control.addTo(map);

      function show(y) {
        y = Math.max(data.first, Math.min(data.last, y));
        year = y;
        window.allyPlayYear = y;
        window.allyPlayFrames = (window.allyPlayFrames || 0) + 1;
        big.textContent = String(y);
        big.classList.remove("ally-play-span");
        big.style.display = "block";
        range.value = y;
        var shown = 0, named = {};
        data.events.forEach(function (ev) {
          if (ev.year === y) { (ev.rels || []).forEach(function (r) { named[r] = true; }); }
        });
        Object.keys(data.ties).forEach(function (rel) {
          var t = data.ties[rel], opacity;
          if (t.from === null) { opacity = FAINT; }
          else if (t.from > y) { opacity = 0; }
          else if (t.fade !== null && t.fade <= y) { opacity = FAINT; }
          else { opacity = null; shown += 1; }
          lines(map, rel).forEach(function (path) {
            var hit = path.classList.contains("ally-tie-hit");
            if (!hit) {
              path.style.opacity = named[rel] ? "1" : opacity === null ? "" : String(opacity);
              path.style.strokeWidth = named[rel] ? "6px" : "";
            }
            path.style.pointerEvents = opacity === 0 ? "none" : "";
            path.setAttribute("data-play", named[rel] ? "event" :
              opacity === 0 ? "hidden" : opacity === null ? "shown" : "faint");
            path.style.strokeDasharray = "";
            path.removeAttribute("data-compare");
          });
        });
        label.textContent = y + ": " + shown + " dated tie" + (shown === 1 ? "" : "s") +
          " drawn; faint: undated or weakened; heavy: named by the year's events";
        list.textContent = "";
        // The year's events in our words, each with the excerpts behind it, quoted (text only:
        // nothing from the data becomes markup).
        data.events.forEach(function (ev) {
          if (ev.year !== y) { return; }
          var li = document.createElement("li");
          li.appendChild(document.createTextNode(ev.label + (ev.ours ? " (our dating)" : "")));
          quoted(li, ev.quotes);
          list.appendChild(li);
        });
      }
      function reset() {
        year = null;
        window.allyPlayYear = null;
        big.style.display = "none";
        label.textContent = "";
        list.textContent = "";
        Object.keys(data.ties).forEach(function (rel) {
          lines(map, rel).forEach(function (path) {
            path.style.opacity = "";
            path.style.strokeWidth = "";
            path.style.pointerEvents = "";
            path.style.strokeDasharray = "";
            path.removeAttribute("data-play");
            path.removeAttribute("data-compare");
          });
        });
      }
      // Quotes as DOM text under an item (nothing from the data becomes markup).
      function quoted(li, quotes) {
        (quotes || []).forEach(function (q) {
          var quote = document.createElement("blockquote");
          quote.setAttribute("dir", "auto");
          quote.appendChild(document.createTextNode("\u201c" + q.q + "\u201d"));
          var by = document.createElement("footer");
          by.textContent = "\u2014 " + q.by;
          quote.appendChild(by);
          li.appendChild(quote);
        });
      }
      function compare(c) {
        reset();
        big.textContent = c.first + " \u2192 " + c.second;
        big.classList.add("ally-play-span");
        big.style.display = "block";
        // A tie listed twice (it changed, then weakened) is drawn as its latest difference.
        var kinds = {}, counts = {"new": 0, "changed": 0, "weakened": 0};
        c.items.forEach(function (item) { kinds[item.rel] = item.kind; });
        Object.keys(kinds).forEach(function (rel) { counts[kinds[rel]] += 1; });
        Object.keys(data.ties).forEach(function (rel) {
          var kind = kinds[rel] || "same";
          lines(map, rel).forEach(function (path) {
            if (!path.classList.contains("ally-tie-hit")) {
              path.style.opacity = kind === "same" ? String(FAINT) : "1";
              path.style.strokeWidth = kind === "same" ? "" : "6px";
              path.style.strokeDasharray = kind === "weakened" ? "3 9" : kind === "same" ? "" : "none";
            }
            path.setAttribute("data-compare", kind);
          });
        });
        label.textContent = "Between the end of " + c.first + " and the end of " + c.second +
          ": " + counts["new"] + " new and " + counts.changed + " changed (heavy), " +
          counts.weakened + " weakened (dashed); the other ties faint";
        // The list folds on a narrow map, so that it does not hide what it describes.
        list.textContent = "";
        var fold = document.createElement("details");
        fold.open = map.getSize().x >= 760;
        var summary = document.createElement("summary");
        summary.textContent = c.items.length + " difference" + (c.items.length === 1 ? "" : "s") +
          ", with what dates each and its quotes";
        fold.appendChild(summary);
        var inner = document.createElement("ul");
        fold.appendChild(inner);
        var holder = document.createElement("li");
        holder.className = "ally-play-fold";
        holder.appendChild(fold);
        list.appendChild(holder);
        c.items.forEach(function (item) {
          var li = document.createElement("li");
          li.setAttribute("data-tie", item.rel);
          li.setAttribute("data-kind", item.kind);
          li.appendChild(document.createTextNode(
            item.title + " \u00b7 " + item.kind + " " + item.year + ": " + item.why));
          quoted(li, item.quotes);
          inner.appendChild(li);
        });
      }
      function play(until) {
        var end = until || data.last;
        if (year === null || year >= end) { show(data.first); }
        playButton.textContent = "Pause";
        timer = setInterval(function () {
          if (year >= end) { pause(); return; }
          show(year + 1);
        }, 1000 / speed);
      }
      function pause() {
        if (timer) { clearInterval(timer); timer = null; }
        if (playButton) { playButton.textContent = "Play"; }
      }
      map.__allyPlay = {
        remove: function () { pause(); reset(); control.remove(); big.remove(); map.__allyPlay = null; },
        show: show, play: play, pause: pause, reset: reset, compare: compare
      };
      big.style.display = "none";
      if (data.compare) { compare(data.compare); }
      if (data.play) {
        data.first = data.play[0];
        range.min = data.first;
        show(data.first);
        play(data.play[1]);
      }
    }
    if (group._map) { start(group._map); } else { group.once("add", function () { start(group._map); }); }
  };
})();
