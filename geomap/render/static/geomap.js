/* geomap map runtime: basemap and labels, event layers, legend, popups, the event list and the timeline.
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

  /* ---- dates: day numbers (days since 1970-01-01, UTC) ---- */
  var DAY = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function dayOf(iso) {
    if (!iso) return null;
    var y = +iso.slice(0, 4), m = iso.length >= 7 ? +iso.slice(5, 7) : 1, d = iso.length >= 10 ? +iso.slice(8, 10) : 1;
    return Math.floor(Date.UTC(y, m - 1, d) / DAY);
  }
  function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  // The days an event may have happened on: its date, else its window; an open side runs to the timeline's edge.
  function eventWindow(ev) {
    if (ev.event_date && ev.date_precision === "day") { var d = dayOf(ev.event_date); return [d, d, true]; }
    var start = dayOf(ev.date_start), end = dayOf(ev.date_end);
    if (start === null && end === null) return null;
    return [start, end, false];
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
  // rows the event list draws at once (the rest are counted, and found by searching)
  var LIST_ROWS = 300;

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

  function shortLabel(ev) {
    return (ev.event_date || (ev.date_end ? "\u2264 " + ev.date_end : "undated")) + " \u00B7 " + ev.event_type +
      (ev.location ? " \u00B7 " + ev.location : "");
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

  /* ---- basemap: countries, lakes, rivers, subdivisions (Natural Earth), drawn under the events ---- */
  function drawBasemap(map, base, offline) {
    var pane = map.createPane("geomap-base");
    pane.style.zIndex = 250;  // over tiles (200), under events (400)
    pane.style.pointerEvents = "none";
    var renderer = L.canvas({pane: "geomap-base", padding: 0.5});
    var fill = offline ? 1 : 0;
    var countries = L.geoJSON(base.countries, {pane: "geomap-base", renderer: renderer, interactive: false,
      style: {color: "#9c9488", weight: 1, fillColor: "#f2efe9", fillOpacity: fill}});
    var lakes = L.geoJSON(base.lakes, {pane: "geomap-base", renderer: renderer, interactive: false,
      style: {color: "#8fb3d9", weight: 0.6, fillColor: "#d4e4f1", fillOpacity: fill}});
    var rivers = L.geoJSON(base.rivers, {pane: "geomap-base", renderer: renderer, interactive: false,
      style: function (f) { return {color: "#6f9fd8", weight: f.properties.name ? 1.6 : 1.1, opacity: 0.9}; }});
    var admin1 = L.geoJSON(base.admin1, {pane: "geomap-base", renderer: renderer, interactive: false,
      style: {color: "#a89c8a", weight: 0.9, dashArray: "5 3", fill: false}});
    [countries, lakes, rivers, admin1].forEach(function (layer) { layer.addTo(map); });
    if (offline) map.getContainer().style.background = "#d4e4f1";  // sea, where there are no tiles
    return {
      // with tiles under it only the lines show; without, the land and lakes are filled too
      fill: function (on) {
        countries.setStyle({fillOpacity: on ? 1 : 0});
        lakes.setStyle({fillOpacity: on ? 1 : 0});
        map.getContainer().style.background = on ? "#d4e4f1" : "";
      }
    };
  }

  /* ---- labels: every candidate claims its box in priority order; one that overlaps a placed label waits
     for a closer zoom. Event places come first, then countries, subdivisions, capitals, rivers, towns. ---- */
  var LABEL_MAX_ZOOM = {country: 7};

  function labelLayer(map, labels, minZoom, obstacles) {
    var pane = map.createPane("geomap-labels");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    var items = labels.map(function (l) {
      return {name: l[0], latlng: L.latLng(l[1], l[2]), kind: l[3], node: null, w: 0, h: 0};
    });
    function place() {
      var zoom = map.getZoom(), size = map.getSize(), boxes = [], points = [], shown = 0;
      // the event markers themselves are taken first (at their drawn size): no label is written over a marker
      (obstacles ? obstacles() : items.filter(function (i) { return i.kind === "event"; }).map(function (i) {
        return [i.latlng, 5];
      })).forEach(function (o) {
        var q = map.latLngToContainerPoint(o[0]);
        boxes.push([q.x - o[1], q.y - o[1], q.x + o[1], q.y + o[1]]);
        points.push([q.x, q.y, o[1]]);
      });
      // an event place's label keeps clear of its own marker, however big
      function gap(p) {
        var r = 5;
        points.forEach(function (q) { if (Math.abs(q[0] - p.x) < 2 && Math.abs(q[1] - p.y) < 2 && q[2] > r) r = q[2]; });
        return r + 2;
      }
      items.forEach(function (item) {
        var on = zoom >= (minZoom[item.kind] || 0) && !(zoom > (LABEL_MAX_ZOOM[item.kind] || 99));
        var p = on ? map.latLngToContainerPoint(item.latlng) : null;
        if (p && (p.x < -50 || p.y < -20 || p.x > size.x + 50 || p.y > size.y + 20)) on = false;
        if (on && !item.node) {
          item.node = el("div", "geomap-label geomap-label-" + item.kind, item.name);
          pane.appendChild(item.node);
          item.w = item.node.offsetWidth; item.h = item.node.offsetHeight;
        }
        if (on) {
          // point labels try right of their point, then left, above, below; area and river names their centre,
          // then a line above or below it
          var centred = item.kind === "admin1" || item.kind === "country" || item.kind === "river";
          var w = item.w, h = item.h, g = item.kind === "event" ? gap(p) : 7, spots = centred
            ? [[-w / 2, -h / 2], [-w / 2, -1.5 * h], [-w / 2, 0.5 * h]]
            : [[g, -h / 2], [-w - g, -h / 2], [-w / 2, -h - g], [-w / 2, g]];
          on = false;
          for (var k = 0; k < spots.length && !on; k++) {
            var x = p.x + spots[k][0], y = p.y + spots[k][1];
            var box = [x - 2, y - 1, x + w + 2, y + h + 1];
            on = !boxes.some(function (b) { return box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]; });
            if (on) {
              boxes.push(box);
              L.DomUtil.setPosition(item.node, map.containerPointToLayerPoint([x, y]));
              shown += 1;
            }
          }
        }
        if (item.node) item.node.style.display = on ? "" : "none";
      });
      map.getContainer().setAttribute("data-labels-shown", String(shown));
    }
    map.on("zoomend moveend resize", place);
    map.whenReady(place);
    return {place: place};
  }

  /* ---- layout: where the title/note (top) and timeline (bottom) are, so popups and the scale keep clear ---- */
  function layoutPads(container) {
    var top = 10, bottom = 10;
    ["geomap-title", "geomap-note"].forEach(function (cls) {
      var node = container.querySelector("." + cls);
      if (node) top = Math.max(top, node.offsetTop + node.offsetHeight + 8);
    });
    var timeline = container.querySelector(".geomap-timeline");
    if (timeline) bottom = container.clientHeight - timeline.offsetTop + 8;
    return {top: top, bottom: bottom};
  }

  function popupOptions(container) {
    var pads = layoutPads(container);
    return {maxWidth: Math.min(420, container.clientWidth - 60),
            maxHeight: Math.max(120, container.clientHeight - pads.top - pads.bottom - 50),
            autoPanPaddingTopLeft: L.point(20, pads.top), autoPanPaddingBottomRight: L.point(20, pads.bottom)};
  }

  function init(map, dataId) {
    var data = JSON.parse(document.getElementById(dataId).textContent);
    data.events = unpack(data.events);
    var container = map.getContainer();
    var colors = {};
    data.types.forEach(function (t) { colors[t.name] = t.color; });
    var narrow = container.clientWidth < 900 || container.clientHeight < 650;  // an 800x600 embed or a phone
    if (narrow) container.classList.add("geomap-narrow");

    var basemap = data.basemap ? drawBasemap(map, data.basemap, data.offline) : null;
    if (!data.offline) watchTiles(map, container, basemap);
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
      overlays["Outlines"] = outlines;
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

    var groups = {}, markers = [], bounds = [], stacks = {};
    data.types.forEach(function (t) { groups[t.name] = L.layerGroup().addTo(map); });
    var planned = L.layerGroup();
    data.events.forEach(function (ev) {
      if (ev.latitude === null || ev.longitude === null) return;
      var latlng = [ev.latitude, ev.longitude];
      var group = ev.planned ? planned : (groups[ev.event_type] || groups[Object.keys(groups)[0]]);
      var key = ev.latitude.toFixed(4) + "," + ev.longitude.toFixed(4);
      var m = {ev: ev, latlng: latlng, key: key, color: colors[ev.event_type] || "#333", group: group,
               window: eventWindow(ev), layers: null, shown: false, inRange: true};
      (stacks[key] = stacks[key] || []).push(m);
      markers.push(m);
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
    overlays["Planned / announced (" + (data.planned || 0) + ")"] = planned;
    L.control.layers(null, overlays, {collapsed: narrow}).addTo(map);
    L.control.scale({metric: true, imperial: false, position: "bottomleft"}).addTo(map);

    var title = el("div", "geomap-title", data.title);
    container.appendChild(title);
    var unplaced = data.events.filter(function (e) { return e.latitude === null; }).length;
    var note = el("div", "geomap-note", data.events.length + " events" +
      (unplaced ? ", " + unplaced + " without a place (listed in the export, not drawn)" : ""));
    container.appendChild(note);
    note.style.top = (title.offsetTop + title.offsetHeight + 4) + "px";  // under the title, however many lines it takes

    // the events at one point that are shown now (time range and type layers)
    function visibleStack(m) {
      return (stacks[m.key] || [m]).filter(function (s) { return s.inRange && map.hasLayer(s.group); });
    }
    var ctx = {map: map, container: container, planned: planned, visibleStack: visibleStack};
    var display = markers.length >= CLUSTER_FROM && window.Supercluster ? clusteredDisplay(ctx, markers)
                                                                         : plainDisplay(ctx, markers);
    var list = eventList(ctx, markers);
    buildTimeline(ctx, markers, function (inWindow) {
      markers.forEach(function (m) { m.inRange = inWindow(m); });
      var visible = display.show();
      list.refresh();
      return visible;
    });
    container.style.setProperty("--geomap-bottom", layoutPads(container).bottom + "px");
    // keep markers clear of the title (top left), layer list (top right) and timeline (bottom)
    function fit() {
      var pads = layoutPads(container);
      if (bounds.length) map.fitBounds(bounds, {paddingTopLeft: [40, pads.top + 10],
                                                paddingBottomRight: [narrow ? 60 : 280, pads.bottom + 10], maxZoom: 9});
    }
    fit();
    // A page in a frame (a notebook's output) can start before the frame has its size: the first
    // fit then sees the default 300x150 and zooms in too far, so fit again once the size arrives.
    var start = map.getSize();
    if (start.x < 400 || start.y < 300) map.once("resize", fit);
    // markers as obstacles for the labels, at their radius (clustered maps: the places' points only)
    var obstacles = markers.length >= CLUSTER_FROM ? null : function () {
      return markers.filter(function (m) { return m.shown && map.hasLayer(m.group); })
                    .map(function (m) { return [L.latLng(m.latlng), markerRadius(m.ev) - 1]; });
    };
    if (data.basemap) labelLayer(map, data.basemap.labels, data.basemap.label_min_zoom || {}, obstacles);
  }

  // Online maps: when no tile has loaded a few seconds in (or they fail), say so and fill the vector basemap.
  function watchTiles(map, container, basemap) {
    var tiles = null, loaded = 0, failed = 0, done = false;
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) tiles = layer; });
    if (!tiles) return;
    function fallBack() {
      if (done || loaded) return;
      done = true;
      map.removeLayer(tiles);
      if (basemap) basemap.fill(true);
      var message = el("div", "geomap-message",
        "Map tiles could not be loaded (no network?): showing the built-in basemap. " +
        "Render with --offline for a map that never needs the network.");
      container.appendChild(message);
      container.setAttribute("data-tiles", "failed");
    }
    tiles.on("tileload", function () { loaded += 1; container.setAttribute("data-tiles", "loaded"); });
    tiles.on("tileerror", function () { failed += 1; if (failed >= 2) fallBack(); });
    setTimeout(fallBack, 6000);
  }

  function markerRadius(ev) { return 6 + 2.5 * Math.sqrt(ev.fatalities || 0); }

  // The marker (and uncertainty circle) of one event, made the first time it is shown.
  function layersFor(ctx, m) {
    if (m.layers) return m.layers;
    var ev = m.ev;
    var marker = L.circleMarker(m.latlng, {radius: markerRadius(ev), color: "#222", weight: 1,
                                           fillColor: m.color, fillOpacity: ev.planned ? 0.25 : 0.85,
                                           dashArray: ev.planned ? "3 3" : null});
    marker.on("click", function () { openAt(ctx, m); });
    // built when shown: how many share the point depends on the time range and layers at that moment
    marker.bindTooltip(function () {
      var stack = ctx.visibleStack(m).length;
      return el("span", null, ev.event_type + (ev.location ? " \u2013 " + ev.location : "") +
        (stack > 1 ? " (+" + (stack - 1) + " more here: click for the list)" : ""));
    });
    m.layers = [marker];
    if (UNCERTAINTY_M[ev.geo_precision]) {
      m.layers.push(L.circle(m.latlng, {radius: UNCERTAINTY_M[ev.geo_precision], color: m.color, weight: 1,
                                        dashArray: "2 4", fillOpacity: 0.05, interactive: false}));
    }
    return m.layers;
  }

  // A button inside a popup that replaces the popup's content: the click must not reach the map, which
  // (finding its target no longer in the page) would take it for a click on the map and close the popup.
  function onPress(button, action) {
    button.addEventListener("click", function (e) { L.DomEvent.stop(e); setTimeout(action, 0); });
  }

  // A click on a point opens its event, or, when several shown events share the point, a list of them.
  function openAt(ctx, m, only) {
    var stack = only ? [m] : ctx.visibleStack(m);
    var popup = L.popup(popupOptions(ctx.container)).setLatLng(m.latlng);
    function showEvent(s, back) {
      var box = el("div");
      if (back) {
        var button = el("button", "geomap-stack-back", "\u2190 all " + stack.length + " events here");
        button.type = "button";
        onPress(button, function () { popup.setContent(listBox()); popup.update(); });
        box.appendChild(button);
      }
      box.appendChild(popupFor(s.ev));
      popup.setContent(box);
      popup.update();
    }
    function listBox() {
      var box = el("div", "geomap-stack");
      box.appendChild(el("div", "geomap-popup-title", stack.length + " events at " + (m.ev.location || "this point")));
      stack.forEach(function (s) {
        var item = el("button", "geomap-stack-item", shortLabel(s.ev));
        item.type = "button";
        var swatch = el("span", "geomap-swatch");
        swatch.style.background = s.color;
        item.insertBefore(swatch, item.firstChild);
        onPress(item, function () { showEvent(s, true); });
        box.appendChild(item);
      });
      return box;
    }
    if (stack.length > 1) popup.setContent(listBox()); else showEvent(stack[0] || m, false);
    popup.openOn(ctx.map);
    return popup;
  }

  // Every event drawn as its own marker in its type's layer.
  function plainDisplay(ctx, markers) {
    return {
      show: function () {
        var visible = 0;
        markers.forEach(function (m) {
          var on = m.inRange;
          if (on !== m.shown) {
            layersFor(ctx, m).forEach(function (layer) { if (on) m.group.addLayer(layer); else m.group.removeLayer(layer); });
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
  function clusteredDisplay(ctx, markers) {
    var map = ctx.map, planned = ctx.planned;
    var layer = L.layerGroup().addTo(map), index = null;
    function typeOn(m) { return map.hasLayer(m.group) || (m.group === planned && map.hasLayer(planned)); }
    function draw() {
      layer.clearLayers();
      if (!index) return;
      var b = map.getBounds();
      index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], Math.round(map.getZoom())).forEach(function (f) {
        var lon = f.geometry.coordinates[0], lat = f.geometry.coordinates[1];
        if (!f.properties.cluster) {
          layersFor(ctx, markers[f.properties.i]).forEach(function (l) { layer.addLayer(l); });
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
        if (!m.inRange) return;
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
    return {show: rebuild};
  }

  /* ---- the event list: the events shown now, searchable and sortable; a row opens its popup ---- */
  var SORTS = {
    date: function (a, b) { return (a.window ? a.window[0] || a.window[1] : 0) - (b.window ? b.window[0] || b.window[1] : 0); },
    type: function (a, b) { return a.ev.event_type < b.ev.event_type ? -1 : a.ev.event_type > b.ev.event_type ? 1 : 0; },
    place: function (a, b) { return (a.ev.location || "") < (b.ev.location || "") ? -1 : (a.ev.location || "") > (b.ev.location || "") ? 1 : 0; },
    killed: function (a, b) { return (b.ev.fatalities || 0) - (a.ev.fatalities || 0); }
  };

  function eventList(ctx, markers) {
    var map = ctx.map;
    var panel = el("div", "geomap-list geomap-list-closed");
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);
    var toggle = el("button", "geomap-list-toggle", "\u2630 Events");
    toggle.type = "button";
    var body = el("div", "geomap-list-body");
    var search = el("input", "geomap-list-search");
    search.type = "search"; search.placeholder = "search place, actor, quote\u2026";
    search.setAttribute("aria-label", "search the events shown");
    var sort = el("select", "geomap-list-sort");
    sort.setAttribute("aria-label", "sort by");
    Object.keys(SORTS).forEach(function (k) { var o = el("option", null, "by " + k); o.value = k; sort.appendChild(o); });
    var count = el("div", "geomap-list-count");
    var rows = el("div", "geomap-list-rows");
    var bar = el("div", "geomap-list-bar");
    bar.appendChild(search); bar.appendChild(sort);
    body.appendChild(bar); body.appendChild(count); body.appendChild(rows);
    panel.appendChild(toggle); panel.appendChild(body);
    ctx.container.appendChild(panel);
    toggle.addEventListener("click", function () { panel.classList.toggle("geomap-list-closed"); refresh(); });
    search.addEventListener("input", refresh);
    sort.addEventListener("change", refresh);

    function text(ev) {
      if (ev._text === undefined) {
        ev._text = [ev.event_type, ev.sub_event_type, ev.location, ev.admin1, ev.admin2, ev.country, ev.actor1, ev.actor2,
                    ev.event_date].concat((ev.sources || []).map(function (s) { return s.ref + " " + s.quote; }))
                   .filter(Boolean).join(" ").toLowerCase();
      }
      return ev._text;
    }
    function refresh() {
      var shown = markers.filter(function (m) { return m.inRange && map.hasLayer(m.group); });
      toggle.textContent = "\u2630 Events (" + shown.length + ")";
      if (panel.classList.contains("geomap-list-closed")) return;
      var q = search.value.trim().toLowerCase();
      if (q) shown = shown.filter(function (m) { return text(m.ev).indexOf(q) >= 0; });
      shown.sort(SORTS[sort.value] || SORTS.date);
      rows.textContent = "";
      shown.slice(0, LIST_ROWS).forEach(function (m) {
        var row = el("button", "geomap-list-row", shortLabel(m.ev) + (m.ev.fatalities ? " \u00B7 " + m.ev.fatalities + " killed" : ""));
        row.type = "button";
        var swatch = el("span", "geomap-swatch");
        swatch.style.background = m.color;
        row.insertBefore(swatch, row.firstChild);
        row.addEventListener("click", function () {
          map.setView(m.latlng, Math.max(map.getZoom(), 8), {animate: false});
          openAt(ctx, m, true);
        });
        rows.appendChild(row);
      });
      count.textContent = shown.length > LIST_ROWS ? "first " + LIST_ROWS + " of " + shown.length + " (search or narrow the time range)"
                                                   : shown.length + " event(s)";
    }
    map.on("overlayadd overlayremove", refresh);
    return {refresh: refresh};
  }

  /* ---- timeline: histogram over bins chosen by span, one two-handle range (noUiSlider), an axis, play ---- */
  // bin sizes by span: days up to three months, weeks up to a year and a half, months up to twelve years, else years
  function binsFor(first, last) {
    var span = last - first + 1, unit = span <= 92 ? "day" : span <= 550 ? "week" : span <= 4400 ? "month" : "year";
    var starts = [], d = new Date(first * DAY);
    if (unit === "week") d = new Date((first - ((new Date(first * DAY).getUTCDay() + 6) % 7)) * DAY);  // Monday
    if (unit === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    if (unit === "year") d = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
    while (d.getTime() / DAY <= last) {
      starts.push(Math.round(d.getTime() / DAY));
      if (unit === "day") d = new Date(d.getTime() + DAY);
      else if (unit === "week") d = new Date(d.getTime() + 7 * DAY);
      else if (unit === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      else d = new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
    }
    starts.push(Math.round(d.getTime() / DAY));  // the end of the last bin
    return {unit: unit, edges: starts};
  }

  // axis ticks (bin edges) with their labels: years always; months when the span is short; days when shorter
  function axisTicks(bins) {
    var ticks = [], edges = bins.edges, years = 0;
    edges.forEach(function (e) { if (isoOf(e).slice(5) === "01-01") years += 1; });
    edges.forEach(function (e, i) {
      var iso = isoOf(e), y = iso.slice(0, 4), m = +iso.slice(5, 7), d = +iso.slice(8, 10);
      var label = null;
      if (bins.unit === "day") {
        // every day of a fortnight; else the 1st, 8th, 15th and 22nd of each month
        if (edges.length <= 17 || d === 1 || d === 8 || d === 15 || d === 22 || i === 0) {
          label = MONTHS[m - 1] + " " + d + ((m === 1 && d === 1) || i === 0 ? " " + y : "");
        }
      }
      else if (bins.unit === "week") label = d <= 7 ? (m === 1 || i === 0 ? MONTHS[m - 1] + " " + y : MONTHS[m - 1]) : null;
      else if (bins.unit === "month") {
        if (m === 1 || i === 0) label = y;
        else if (years <= 3 && (m - 1) % (years <= 1 ? 1 : 3) === 0) label = MONTHS[m - 1];
      } else label = +y % (edges.length > 25 ? 5 : 1) === 0 || i === 0 ? y : null;
      if (label !== null && i < edges.length - 1) ticks.push({at: i, label: label, major: /^\d{4}$/.test(label) || / \d{4}$/.test(label)});
    });
    return ticks;
  }

  function buildTimeline(ctx, markers, show) {
    var container = ctx.container;
    var panel = el("div", "geomap-timeline");
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);
    container.appendChild(panel);
    var dated = markers.filter(function (m) { return m.window; });
    var first = Infinity, last = -Infinity;  // (a loop: Math.min.apply overflows the stack on 100,000 events)
    dated.forEach(function (m) {
      for (var k = 0; k < 2; k++) {
        if (m.window[k] === null) continue;
        if (m.window[k] < first) first = m.window[k];
        if (m.window[k] > last) last = m.window[k];
      }
    });
    if (first === Infinity) {
      container.setAttribute("data-visible-events", String(show(function () { return true; })));
      panel.appendChild(el("span", null, "No dated events"));
      return;
    }
    var bins = binsFor(first, last), edges = bins.edges, n = edges.length - 1;
    function binOf(day) {  // binary search over the bin edges
      var lo = 0, hi = n - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (edges[mid] <= day) lo = mid; else hi = mid - 1; }
      return lo;
    }
    // an event with a day lands in its bin; one known only by a window is spread over the window's bins
    var exact = new Array(n).fill(0), spread = new Array(n).fill(0), undated = markers.length - dated.length;
    dated.forEach(function (m) {
      var a = binOf(m.window[0] === null ? first : m.window[0]), b = binOf(m.window[1] === null ? last : m.window[1]);
      if (a === b && m.window[2]) { exact[a] += 1; return; }
      for (var i = a; i <= b; i++) spread[i] += 1 / (b - a + 1);
    });
    var peak = Math.max.apply(null, exact.map(function (c, i) { return c + spread[i]; })) || 1;

    var track = el("div", "geomap-track");
    var histogram = el("div", "geomap-histogram");
    var bars = exact.map(function (c, i) {
      var bar = el("div", "geomap-bar");
      var solid = el("div", "geomap-bar-exact"), light = el("div", "geomap-bar-window");
      solid.style.height = Math.round(40 * c / peak) + "px";
      light.style.height = Math.round(40 * spread[i] / peak) + "px";
      bar.appendChild(light); bar.appendChild(solid);
      bar.title = isoOf(edges[i]) + (bins.unit === "day" ? "" : " \u2013 " + isoOf(edges[i + 1] - 1)) + ": " + c + " dated" +
        (spread[i] ? ", " + (Math.round(spread[i] * 10) / 10) + " known only by a window" : "");
      bar.addEventListener("click", function () { slider.noUiSlider.set([i, i + 1]); });
      histogram.appendChild(bar);
      return bar;
    });
    var slider = el("div", "geomap-slider");
    track.appendChild(histogram); track.appendChild(slider);
    var controls = el("div", "geomap-controls");
    var play = el("button", "geomap-play", "\u25B6 Play");
    play.type = "button";
    var speed = el("select", "geomap-speed");
    speed.setAttribute("aria-label", "play speed");
    [["0.5", "\u00BD\u00D7"], ["1", "1\u00D7"], ["2", "2\u00D7"], ["4", "4\u00D7"]].forEach(function (s) {
      var o = el("option", null, s[1]); o.value = s[0]; if (s[0] === "1") o.selected = true; speed.appendChild(o);
    });
    var all = el("button", "geomap-all", "All");
    all.type = "button";
    var label = el("span", "geomap-range");
    var legend = el("span", "geomap-timeline-key");
    var keyExact = el("span", "geomap-key-exact"), keyWindow = el("span", "geomap-key-window");
    legend.appendChild(keyExact); legend.appendChild(document.createTextNode("dated "));
    legend.appendChild(keyWindow);
    legend.appendChild(document.createTextNode("window only" + (undated ? " \u00B7 " + undated + " undated (always shown)" : "")));
    controls.appendChild(play); controls.appendChild(speed); controls.appendChild(all);
    controls.appendChild(label); controls.appendChild(legend);
    panel.appendChild(track); panel.appendChild(controls);

    var ticks = axisTicks(bins);
    // a narrow timeline (a phone) keeps the year labels only, so that no two labels run into each other
    if (slider.offsetWidth / Math.max(1, ticks.length) < 42) {
      var majors = ticks.filter(function (t) { return t.major; });
      if (majors.length) ticks = majors;
    }
    window.noUiSlider.create(slider, {
      start: [0, n], connect: true, step: 1, margin: 1, range: {min: 0, max: n}, behaviour: "drag",
      pips: {mode: "values", values: ticks.map(function (t) { return t.at; }), density: 100,
             format: {to: function (v) { var t = ticks.filter(function (x) { return x.at === Math.round(v); })[0]; return t ? t.label : ""; },
                      from: Number}}
    });
    slider.querySelectorAll(".noUi-value").forEach(function (node) {
      if (/^\d{4}$/.test(node.textContent) || / \d{4}$/.test(node.textContent)) node.classList.add("geomap-axis-year");
    });
    var handles = slider.querySelectorAll(".noUi-handle");
    if (handles[0]) handles[0].setAttribute("aria-label", "from");
    if (handles[1]) handles[1].setAttribute("aria-label", "to");

    function apply(lo, hi) {
      var a = edges[lo], b = edges[hi] - 1;
      // an event is shown while any day of its window is in the range
      var visible = show(function (m) {
        if (!m.window) return true;
        var s = m.window[0] === null ? -Infinity : m.window[0], e = m.window[1] === null ? Infinity : m.window[1];
        return s <= b && e >= a;
      });
      bars.forEach(function (bar, i) { bar.classList.toggle("geomap-bar-on", i >= lo && i < hi); });
      label.textContent = (a === b ? isoOf(a) : isoOf(a) + " \u2013 " + isoOf(b)) + " \u00B7 " + visible + " shown";
      container.setAttribute("data-visible-events", String(visible));
      container.setAttribute("data-range", isoOf(a) + "/" + isoOf(b));
    }
    slider.noUiSlider.on("update", function (values) { apply(Math.round(+values[0]), Math.round(+values[1])); });
    all.addEventListener("click", function () { stop(); slider.noUiSlider.set([0, n]); });

    var timer = null;
    function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = "\u25B6 Play"; }
    function start() {
      if (timer) clearInterval(timer);
      play.textContent = "\u23F8 Pause";
      var values = slider.noUiSlider.get().map(Number), lo = Math.round(values[0]);
      var hi = Math.round(values[1]) >= n ? lo + 1 : Math.round(values[1]);
      slider.noUiSlider.set([lo, hi]);
      timer = setInterval(function () {
        hi += 1;
        if (hi > n) { stop(); return; }
        slider.noUiSlider.set([lo, hi]);
      }, Math.max(40, Math.min(800, 15000 / n)) / (+speed.value || 1));
    }
    play.addEventListener("click", function () { if (timer) stop(); else start(); });
    speed.addEventListener("change", function () { if (timer) start(); });
  }

  window.geomapInit = init;
})();
