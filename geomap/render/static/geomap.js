/* geomap map runtime: event layers, legend, popups and the timeline.
 *
 * Reads the events from a <script type="application/json"> element and never
 * writes document text as HTML: every string reaches the page through
 * textContent, so text from cables shows literally and runs nothing.
 */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function monthKey(iso) { return iso ? iso.slice(0, 7) : null; }

  function monthsBetween(first, last) {
    var out = [], y = +first.slice(0, 4), m = +first.slice(5, 7);
    var ly = +last.slice(0, 4), lm = +last.slice(5, 7);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(y + "-" + (m < 10 ? "0" : "") + m);
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  // The window an event occupies on the timeline: its date range, else the report date.
  function eventWindow(ev) {
    var start = ev.date_start || ev.date_end, end = ev.date_end || ev.date_start;
    return start ? [monthKey(start), monthKey(end)] : null;
  }

  function dateLabel(ev) {
    if (ev.event_date) return ev.event_date + " (" + ev.date_precision + ")";
    if (ev.date_start && ev.date_end) return "between " + ev.date_start + " and " + ev.date_end;
    if (ev.date_end) return "before " + ev.date_end + " (date not given)";
    if (ev.date_start) return "after " + ev.date_start + " (date not given)";
    return "unknown";
  }

  var PRECISION = {1: "exact place", 2: "near a place", 3: "district/province", 4: "department/region",
                   5: "wider zone", 6: "country"};
  // metres of uncertainty drawn around points whose place is not exact
  var UNCERTAINTY_M = {2: 25000, 3: 30000, 4: 100000};
  // from this many placed events on, nearby markers are clustered
  var CLUSTER_FROM = 2000;

  function popupFor(ev) {
    var box = el("div", "geomap-popup");
    box.appendChild(el("div", "geomap-popup-title",
      ev.event_type + (ev.sub_event_type ? " \u2013 " + ev.sub_event_type : "") + (ev.planned ? " (planned/announced)" : "")));
    var table = el("table");
    function row(label, value) {
      if (value === null || value === undefined || value === "") return;
      var tr = el("tr");
      tr.appendChild(el("th", null, label));
      tr.appendChild(el("td", null, value));
      table.appendChild(tr);
    }
    row("Date", dateLabel(ev));
    row("Place", ev.location ? ev.location + " (" + (PRECISION[ev.geo_precision] || "?") + ")" : "no place in the text");
    row("Where", [ev.admin2, ev.admin1, ev.country].filter(Boolean).join(", "));
    row("Actors", [ev.actor1, ev.actor2].filter(Boolean).join(" vs "));
    row("Killed", ev.fatalities);
    row("Injured", ev.injured);
    row("Confidence", ev.confidence);
    box.appendChild(table);
    (ev.sources || []).forEach(function (s) {
      var src = el("div", "geomap-source");
      src.appendChild(el("div", "geomap-source-ref",
        (s.ref || "source") + (s.paragraph ? ", para " + s.paragraph : "")));
      src.appendChild(el("blockquote", null, s.quote));
      box.appendChild(src);
    });
    return box;
  }

  // Events arrive column by column (see geomap.render.pack_events); rebuild one object per event.
  function unpack(packed) {
    var columns = packed.columns, names = Object.keys(columns), out = new Array(packed.count);
    for (var i = 0; i < packed.count; i++) {
      var ev = {};
      for (var k = 0; k < names.length; k++) {
        var column = columns[names[k]];
        if (names[k] === "sources") {
          ev.sources = column[i].map(function (s) { return {ref: s[0], paragraph: s[1], quote: s[2]}; });
        } else if (column && column.codes) {
          var code = column.codes[i];
          ev[names[k]] = code === null ? null : column.values[code];
        } else {
          ev[names[k]] = column[i];
        }
      }
      out[i] = ev;
    }
    return out;
  }

  function init(map, dataId) {
    var data = JSON.parse(document.getElementById(dataId).textContent);
    data.events = unpack(data.events);
    var colors = {};
    data.types.forEach(function (t) { colors[t.name] = t.color; });

    if (data.basemap) {
      map.getContainer().style.background = "#d4e4f1";  // sea, where there are no tiles
      L.geoJSON(data.basemap, {style: {color: "#888", weight: 1, fillColor: "#f2efe9", fillOpacity: 1},
                               interactive: false}).addTo(map);
    }
    var overlays = {};
    if (data.outlines && data.outlines.features.length) {
      var outlines = L.geoJSON(data.outlines, {
        style: {color: "#9a8f80", weight: 0.8, fill: false},
        onEachFeature: function (f, layer) {
          layer.bindTooltip(el("span", null, f.properties.name + (f.properties.note ? " (" + f.properties.note + ")" : "")),
                            {sticky: true});
        }
      });
      outlines.addTo(map);
      overlays["Department outlines (approximate)"] = outlines;
    }
    if (data.zones && data.zones.features.length) {
      var zones = L.geoJSON(data.zones, {
        style: {color: "#555", weight: 1.5, dashArray: "4 4", fillOpacity: 0.08},
        // a zone given as a point (user data) gets a ring, not Leaflet's default image marker
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, {radius: 14, color: "#555", weight: 1.5,
                                                                            dashArray: "4 4", fillOpacity: 0.05}); },
        onEachFeature: function (f, layer) { layer.bindTooltip(el("span", null, f.properties.name)); }
      });
      zones.addTo(map);
      overlays["Zones (curated)"] = zones;
    }

    var groups = {}, markers = [], bounds = [];
    data.types.forEach(function (t) { groups[t.name] = L.layerGroup().addTo(map); });
    var planned = L.layerGroup();
    data.events.forEach(function (ev) {
      if (ev.latitude === null || ev.longitude === null) return;
      var latlng = [ev.latitude, ev.longitude];
      var group = ev.planned ? planned : (groups[ev.event_type] || groups[Object.keys(groups)[0]]);
      markers.push({ev: ev, latlng: latlng, color: colors[ev.event_type] || "#333", group: group,
                    window: eventWindow(ev), layers: null, shown: false});
      bounds.push(latlng);
    });
    data.types.forEach(function (t) {
      var label = el("span");
      var swatch = el("span", "geomap-swatch");
      swatch.style.background = t.color;
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(t.name + " (" + t.count + ")"));
      overlays[label.outerHTML] = groups[t.name];  // label built from text nodes: safe HTML
    });
    overlays["Planned / announced"] = planned;
    L.control.layers(null, overlays, {collapsed: false}).addTo(map);
    // keep markers clear of the title (top left), layer list (top right) and timeline (bottom)
    function fit() {
      if (bounds.length) map.fitBounds(bounds, {paddingTopLeft: [40, 80], paddingBottomRight: [280, 130], maxZoom: 9});
    }
    fit();
    // A page in a frame (a notebook's output) can start before the frame has its size: the first
    // fit then sees the default 300x150 and zooms in too far, so fit again once the size arrives.
    var start = map.getSize();
    if (start.x < 400 || start.y < 300) map.once("resize", fit);

    var container = map.getContainer();
    var title = el("div", "geomap-title", data.title);
    container.appendChild(title);
    var undated = data.events.filter(function (e) { return e.latitude === null; }).length;
    var note = el("div", "geomap-note", data.events.length + " events" +
      (undated ? ", " + undated + " without a place (listed in the export, not drawn)" : ""));
    container.appendChild(note);

    var display = markers.length >= CLUSTER_FROM && window.Supercluster ? clusteredDisplay(map, markers, planned)
                                                                         : plainDisplay(markers);
    buildTimeline(map, container, markers, display);
  }

  // The marker (and uncertainty circle) of one event, made the first time it is shown.
  function layersFor(m) {
    if (m.layers) return m.layers;
    var ev = m.ev;
    var marker = L.circleMarker(m.latlng, {radius: 6 + 2.5 * Math.sqrt(ev.fatalities || 0), color: "#222", weight: 1,
                                           fillColor: m.color, fillOpacity: ev.planned ? 0.25 : 0.85,
                                           dashArray: ev.planned ? "3 3" : null});
    marker.bindPopup(function () { return popupFor(ev); }, {maxWidth: 420});
    marker.bindTooltip(el("span", null, ev.event_type + (ev.location ? " \u2013 " + ev.location : "")));
    m.layers = [marker];
    if (UNCERTAINTY_M[ev.geo_precision]) {
      m.layers.push(L.circle(m.latlng, {radius: UNCERTAINTY_M[ev.geo_precision], color: m.color, weight: 1,
                                        dashArray: "2 4", fillOpacity: 0.05, interactive: false}));
    }
    return m.layers;
  }

  // Every event drawn as its own marker in its type's layer.
  function plainDisplay(markers) {
    return {
      show: function (inWindow) {
        var visible = 0;
        markers.forEach(function (m) {
          var on = inWindow(m);
          if (on !== m.shown) {
            layersFor(m).forEach(function (layer) { if (on) m.group.addLayer(layer); else m.group.removeLayer(layer); });
            m.shown = on;
          }
          if (on) visible += 1;
        });
        return visible;
      }
    };
  }

  // Many events: nearby ones merge into numbered clusters (supercluster), re-clustered on every move;
  // the per-type layers still switch types on and off.
  function clusteredDisplay(map, markers, planned) {
    var layer = L.layerGroup().addTo(map), index = null, current = function () { return true; };
    function typeOn(m) { return map.hasLayer(m.group) || (m.group === planned && map.hasLayer(planned)); }
    function draw() {
      layer.clearLayers();
      if (!index) return;
      var b = map.getBounds();
      index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], Math.round(map.getZoom())).forEach(function (f) {
        var lon = f.geometry.coordinates[0], lat = f.geometry.coordinates[1];
        if (!f.properties.cluster) {
          layersFor(markers[f.properties.i]).forEach(function (l) { layer.addLayer(l); });
          return;
        }
        var n = f.properties.point_count;
        var circle = L.circleMarker([lat, lon], {radius: 8 + 2 * Math.log(n), color: "#1d3557", weight: 1,
                                                  fillColor: "#457b9d", fillOpacity: 0.75, className: "geomap-cluster"});
        // the count sits on the circle; the pointer learns what a click does
        circle.bindTooltip(el("span", null, String(n)), {permanent: true, direction: "center", className: "geomap-cluster-label"});
        circle.options.title = n + " events: click to zoom in";
        circle.on("click", function () {
          map.setView([lat, lon], Math.min(index.getClusterExpansionZoom(f.properties.cluster_id), 18));
        });
        layer.addLayer(circle);
      });
    }
    function rebuild() {
      var points = [], visible = 0;
      markers.forEach(function (m, i) {
        if (!current(m)) return;
        visible += 1;
        if (typeOn(m)) {
          points.push({type: "Feature", properties: {i: i}, geometry: {type: "Point", coordinates: [m.latlng[1], m.latlng[0]]}});
        }
      });
      index = new window.Supercluster({radius: 50, maxZoom: 12}).load(points);
      draw();
      return visible;
    }
    map.on("moveend", draw);
    map.on("overlayadd overlayremove", rebuild);
    return {show: function (inWindow) { current = inWindow; return rebuild(); }};
  }

  function buildTimeline(map, container, markers, display) {
    var windows = markers.map(function (m) { return m.window; }).filter(Boolean);
    var panel = el("div", "geomap-timeline");
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);
    container.appendChild(panel);
    if (!windows.length) {
      container.setAttribute("data-visible-events", String(display.show(function () { return true; })));
      panel.appendChild(el("span", null, "No dated events"));
      return;
    }
    var first = windows.map(function (w) { return w[0]; }).sort()[0];
    var last = windows.map(function (w) { return w[1]; }).sort().slice(-1)[0];
    var months = monthsBetween(first, last);
    var counts = months.map(function () { return 0; });
    markers.forEach(function (m) {
      if (!m.window) return;
      counts[Math.max(0, months.indexOf(m.window[0]))] += 1;
    });
    var peak = Math.max.apply(null, counts) || 1;

    var histogram = el("div", "geomap-histogram");
    var bars = months.map(function (month, i) {
      var bar = el("div", "geomap-bar");
      bar.style.height = Math.max(2, Math.round(40 * counts[i] / peak)) + "px";
      bar.title = month + ": " + counts[i] + " event(s)";
      bar.addEventListener("click", function () { setRange(i, i); });
      histogram.appendChild(bar);
      return bar;
    });
    var controls = el("div", "geomap-controls");
    var play = el("button", "geomap-play", "\u25B6 Play");
    play.type = "button";
    var all = el("button", "geomap-all", "All");
    all.type = "button";
    var from = el("input", "geomap-from");
    var to = el("input", "geomap-to");
    [from, to].forEach(function (input) {
      input.type = "range"; input.min = 0; input.max = months.length - 1; input.step = 1;
    });
    from.value = 0; to.value = months.length - 1;
    from.setAttribute("aria-label", "from month");
    to.setAttribute("aria-label", "to month");
    var label = el("span", "geomap-range");
    controls.appendChild(play); controls.appendChild(all);
    controls.appendChild(from); controls.appendChild(to); controls.appendChild(label);
    panel.appendChild(histogram); panel.appendChild(controls);

    function setRange(lo, hi) {
      lo = Math.max(0, Math.min(lo, months.length - 1));
      hi = Math.max(lo, Math.min(hi, months.length - 1));
      from.value = lo; to.value = hi;
      var a = months[lo], b = months[hi];
      // an event is shown across its whole window, not pinned to the 1st of the month
      var visible = display.show(function (m) { return !m.window || (m.window[0] <= b && m.window[1] >= a); });
      bars.forEach(function (bar, i) { bar.classList.toggle("geomap-bar-on", i >= lo && i <= hi); });
      label.textContent = (a === b ? a : a + " \u2013 " + b) + " \u00B7 " + visible + " shown";
      container.setAttribute("data-visible-events", String(visible));
    }
    from.addEventListener("input", function () { setRange(+from.value, Math.max(+from.value, +to.value)); });
    to.addEventListener("input", function () { setRange(Math.min(+from.value, +to.value), +to.value); });
    all.addEventListener("click", function () { stop(); setRange(0, months.length - 1); });

    var timer = null;
    function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = "\u25B6 Play"; }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      play.textContent = "\u23F8 Pause";
      var i = +to.value >= months.length - 1 ? 0 : +to.value;
      setRange(0, i);
      timer = setInterval(function () {
        i += 1;
        if (i >= months.length) { stop(); return; }
        setRange(0, i);
      }, Math.max(80, Math.min(600, 12000 / months.length)));
    });
    setRange(0, months.length - 1);
  }

  window.geomapInit = init;
})();
