/* The small map on a meeting page: one pin at the place. The address above it stays the
 * text alternative; without JavaScript the map simply does not appear. */
(function () {
  "use strict";
  var box = document.getElementById("place-map");
  if (!box || !window.L) { return; }
  var latitude = parseFloat(box.dataset.latitude);
  var longitude = parseFloat(box.dataset.longitude);
  if (isNaN(latitude) || isNaN(longitude)) { return; }
  var L = window.L;
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false }).setView([latitude, longitude], 15);
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, {
      attribution: box.dataset.tileAttribution || "", maxZoom: 19
    }).addTo(map);
  }
  var icon = L.divIcon({ className: "pin-marker", iconSize: [24, 24], iconAnchor: [12, 24] });
  L.marker([latitude, longitude], {
    icon: icon, keyboard: false, interactive: false, title: box.dataset.place || ""
  }).addTo(map);
})();
