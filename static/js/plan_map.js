/* The district plan as a zoomable map (Leaflet, vendored: no tiles, nothing from the internet).
 *
 * Progressive enhancement of templates/diagnosis/_map.html: without this script the plan is an
 * SVG with its pins as links. Here each figure[data-plan-map] gets a Leaflet map of the plan
 * picture (L.CRS.Simple + L.imageOverlay), the pins as L.divIcon with the same shapes and
 * numbers, and the SVG is hidden. On the place-pin page a click or a drag puts the pin and writes
 * its place into the form's hidden x/y fields; choosing or typing a square moves the pin to the
 * square's middle and clears x/y, so the server takes the square. The form stays usable by
 * keyboard; the map never holds the focus (Tab goes on past it).
 */
(function () {
  "use strict";
  if (typeof L === "undefined") return;

  var LETTERS = "ABCDEFGHIJ";

  function cellOf(x, y, scale) {
    var col = Math.min(Math.floor((x * 10) / scale), 9);
    var row = Math.min(Math.floor((y * 10) / scale), 9);
    return LETTERS.charAt(col) + String(row + 1);
  }

  function cellCentre(text, scale) {
    var m = /^\s*([A-Ja-j])\s*-?\s*(\d{1,2})\s*$/.exec(text || "") ||
            /^\s*(\d{1,2})\s*-?\s*([A-Ja-j])\s*$/.exec(text || "");
    if (!m) return null;
    var letter = /\d/.test(m[1]) ? m[2] : m[1];
    var number = parseInt(/\d/.test(m[1]) ? m[1] : m[2], 10);
    var col = LETTERS.indexOf(letter.toUpperCase());
    if (col < 0 || number < 1 || number > 10) return null;
    return { x: Math.floor(((2 * col + 1) * scale) / 20), y: Math.floor(((2 * (number - 1) + 1) * scale) / 20) };
  }

  function pinIcon(kind, number, chosen, extra) {
    var cls = "map-pin map-pin-" + kind + (chosen ? " map-pin-chosen" : "") + (extra ? " " + extra : "");
    var size = kind === "project" ? 38 : 34;
    return L.divIcon({
      className: cls,
      html: '<span class="map-pin-shape" aria-hidden="true"></span><span class="map-pin-number">' +
            String(number === null || number === undefined ? "" : number).replace(/[^0-9]/g, "") + "</span>",
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
  }

  function setUp(figure) {
    var data;
    try { data = JSON.parse(figure.getAttribute("data-plan-map")); } catch (e) { return; }
    var W = data.width, H = data.height, scale = data.scale || 10000;
    L.Icon.Default.imagePath = data.icons;

    var holder = document.createElement("div");
    holder.className = "plan-leaflet";
    figure.querySelector(".plan-frame").appendChild(holder);
    figure.classList.add("plan-map-js");
    // Height from the picture's proportions (CSSOM, allowed by the CSP), at most most of the
    // screen so the form below stays in reach.
    function fitHeight() {
      var width = holder.clientWidth || 320;
      var h = Math.round((width * H) / W);
      h = Math.max(240, Math.min(h, Math.round(window.innerHeight * 0.7)));
      holder.style.height = h + "px";
    }
    fitHeight();

    var bounds = L.latLngBounds([[0, 0], [H, W]]);
    var map = L.map(holder, {
      crs: L.CRS.Simple,
      minZoom: -6,
      maxZoom: 3,
      zoomSnap: 0.25,
      attributionControl: false,
      zoomControl: false,
      keyboard: false,
      maxBounds: bounds.pad(0.25),
      maxBoundsViscosity: 0.8,
      tap: true,
    });
    L.imageOverlay(data.image, bounds, { alt: "" }).addTo(map);
    // The same lettered and numbered squares as the SVG's, so the squares of the form below
    // can be found on the map too.
    var grid = figure.querySelector(".plan-grid");
    if (grid && L.svgOverlay) {
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", "0 0 " + W + " " + H);
      svg.setAttribute("preserveAspectRatio", "none");
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("class", "plan-grid-layer");
      svg.appendChild(grid.cloneNode(true));
      L.svgOverlay(svg, bounds, { interactive: false }).addTo(map);
    }
    L.control.zoom({ position: "bottomright" }).addTo(map);
    map.fitBounds(bounds);
    map.setMinZoom(map.getZoom() - 1);
    // The zoom buttons are the controls keyboard users may reach; the container itself is not
    // a stop in the Tab order.
    holder.removeAttribute("tabindex");
    holder.setAttribute("role", "group");
    holder.setAttribute("aria-label", data.label || "");

    function toLatLng(x, y) { return L.latLng(H - (y * H) / scale, (x * W) / scale); }
    function toPoint(latlng) {
      var x = Math.round((latlng.lng * scale) / W);
      var y = Math.round(((H - latlng.lat) * scale) / H);
      return { x: Math.max(0, Math.min(scale, x)), y: Math.max(0, Math.min(scale, y)) };
    }

    (data.pins || []).forEach(function (pin) {
      var marker = L.marker(toLatLng(pin.x, pin.y), {
        icon: pinIcon(pin.kind, pin.number, pin.chosen),
        title: pin.title,
        alt: pin.title,
        keyboard: false,
        riseOnHover: true,
      }).addTo(map);
      marker.on("click", function () { window.location.href = pin.href; });
    });

    var editable = data.editable;
    var form = document.querySelector("[data-pin-form]");
    if (!editable || !form) return;
    var hint = document.querySelector("[data-plan-js-only]");
    if (hint) hint.hidden = false;
    var xField = form.querySelector("input[name=x]");
    var yField = form.querySelector("input[name=y]");
    var select = form.querySelector("select[name=cell]");
    var typed = form.querySelector("input[name=cell_text]");
    var status = document.getElementById("pin-status");
    var marker = null;

    function say(cell) {
      if (status) status.textContent = (status.getAttribute("data-said") || "%s").replace("%s", cell);
    }

    function put(point, fromMap) {
      var latlng = toLatLng(point.x, point.y);
      if (!marker) {
        marker = L.marker(latlng, {
          icon: pinIcon(editable.kind, editable.number, false, "map-pin-editing"),
          draggable: true,
          keyboard: false,
          title: editable.title,
          alt: editable.title,
          zIndexOffset: 1000,
        }).addTo(map);
        marker.on("dragend", function () {
          var p = toPoint(marker.getLatLng());
          marker.setLatLng(toLatLng(p.x, p.y));
          chosen(p);
        });
      } else {
        marker.setLatLng(latlng);
      }
      if (fromMap) chosen(point);
    }

    function chosen(point) {
      xField.value = String(point.x);
      yField.value = String(point.y);
      var cell = cellOf(point.x, point.y, scale);
      if (select) select.value = cell;
      if (typed) typed.value = "";
      say(cell);
    }

    if (editable.x !== null && editable.x !== undefined) put({ x: editable.x, y: editable.y }, false);

    map.on("click", function (event) {
      if (!bounds.contains(event.latlng)) return;
      put(toPoint(event.latlng), true);
    });

    function fromSquare(text) {
      var centre = cellCentre(text, scale);
      xField.value = "";
      yField.value = "";
      if (centre) { put(centre, false); say(cellOf(centre.x, centre.y, scale)); }
    }
    if (select) select.addEventListener("change", function () { if (typed) typed.value = ""; fromSquare(select.value); });
    if (typed) typed.addEventListener("input", function () { fromSquare(typed.value); });
  }

  function start() {
    var figures = document.querySelectorAll("figure[data-plan-map]");
    for (var i = 0; i < figures.length; i++) setUp(figures[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
