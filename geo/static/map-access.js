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

  window.allySetup = function (map, o) {
    setup(map, o);
    focusWithoutScrolling(map);
    wheelZoomAfterClick(map);
  };
})();
