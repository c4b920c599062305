/* What makes the map usable by everyone, added to every map after geo/static/map-kit.js (the
 * app's and the exported pages'): it wraps allySetup, so the kit itself is unchanged. */
(function () {
  "use strict";
  var setup = window.allySetup;

  // Leaflet focuses the map's container on the first mousedown (to take keys). focus() scrolls
  // the container into view, in this frame and in every page around it: when the map does not
  // fit the window, the page jumps between mousedown and mouseup and the click is lost.
  function focusWithoutScrolling(map) {
    var container = map.getContainer();
    container.focus = function (options) {
      HTMLElement.prototype.focus.call(container, Object.assign({preventScroll: true}, options));
    };
  }

  // A map made with scrollWheelZoom off (an embed: zoom=click) lets the wheel scroll the page
  // around it until the reader clicks or taps the map; from then on the wheel zooms.
  function wheelZoomAfterClick(map) {
    if (map.options.scrollWheelZoom) { return; }
    var container = map.getContainer();
    function wake() {
      map.scrollWheelZoom.enable();
      L.DomEvent.off(container, "mousedown touchstart", wake);
    }
    L.DomEvent.on(container, "mousedown touchstart", wake);
  }

  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // prefers-reduced-motion: no animated zoom, pan or fly; the map jumps to the new view.
  function stillMoves(map) {
    if (!reduced) { return; }
    map._zoomAnimated = false;
    map.options.fadeAnimation = false;
    map.options.markerZoomAnimation = false;
    map.options.inertia = false;
    var setView = map.setView;
    map.setView = function (center, zoom, options) {
      return setView.call(map, center, zoom, Object.assign({}, options, {animate: false}));
    };
    map.flyTo = function (center, zoom) { return map.setView(center, zoom); };
    map.flyToBounds = function (bounds, options) { return map.fitBounds(bounds, options); };
    var panBy = map.panBy;
    map.panBy = function (offset, options) {
      return panBy.call(map, offset, Object.assign({}, options, {animate: false}));
    };
  }

  // Keys on the map's markers (Leaflet makes each one a focusable button): Enter or Space
  // selects it as a click does; a marker reached by Tab outside the view is panned into it,
  // instead of the browser scrolling the map's box, which tears the map apart.
  var EDGE = 48;  // px: a focused marker nearer the map's edge than this is brought to the middle
  // Leaflet's own pan on focus stops with the marker at the very edge, under the controls.
  if (window.L && L.Marker) { L.Marker.prototype.options.autoPanOnFocus = false; }

  function keyboardMarkers(map) {
    var container = map.getContainer();
    function layerOf(el) {
      var found = null;
      map.eachLayer(function (l) { if (l._icon === el) { found = l; } });
      return found;
    }
    container.addEventListener("keydown", function (e) {
      if ((e.key !== "Enter" && e.key !== " ") || !e.target.classList ||
          !e.target.classList.contains("leaflet-marker-icon")) { return; }
      var layer = layerOf(e.target);
      if (!layer) { return; }
      e.preventDefault();
      layer.fire("click", {latlng: layer.getLatLng(), originalEvent: e}, true);
    });
    container.addEventListener("focusin", function (e) {
      var layer = e.target.classList && e.target.classList.contains("leaflet-marker-icon") &&
        layerOf(e.target);
      container.scrollTop = 0;
      container.scrollLeft = 0;
      if (!layer) { return; }
      var at = map.latLngToContainerPoint(layer.getLatLng()), size = map.getSize();
      if (at.x < EDGE || at.y < EDGE || at.x > size.x - EDGE || at.y > size.y - EDGE) {
        map.panTo(layer.getLatLng(), {animate: !reduced});
      }
    });
    container.addEventListener("scroll", function () {
      container.scrollTop = 0;
      container.scrollLeft = 0;
    });
    var ring = document.createElement("style");
    ring.textContent = ".leaflet-marker-icon:focus-visible, .leaflet-container:focus-visible " +
      "{ outline: 3px solid #1b3a5c; outline-offset: 2px; }";
    document.head.appendChild(ring);
  }

  window.allySetup = function (map, o) {
    setup(map, o);
    focusWithoutScrolling(map);
    wheelZoomAfterClick(map);
    stillMoves(map);
    keyboardMarkers(map);
  };
})();
