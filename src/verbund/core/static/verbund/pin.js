/* The pin on the profile edit form: drag it (or click the map) to fill in latitude and
 * longitude. The two inputs stay the way to do it with the keyboard or without JavaScript. */
(function () {
  "use strict";
  var box = document.getElementById("pin-map");
  var latInput = document.querySelector(".pin-latitude");
  var lonInput = document.querySelector(".pin-longitude");
  if (!box || !latInput || !lonInput || !window.L) { return; }
  var L = window.L;

  function read(input) {
    var value = parseFloat((input.value || "").replace(",", "."));
    return isNaN(value) ? null : value;
  }

  function write(latlng) {
    latInput.value = latlng.lat.toFixed(6);
    lonInput.value = latlng.lng.toFixed(6);
  }

  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, {
      attribution: box.dataset.tileAttribution || "", maxZoom: 19
    }).addTo(map);
  }
  var icon = L.divIcon({ className: "pin-marker", iconSize: [24, 24], iconAnchor: [12, 24] });
  var marker = null;

  function place(latlng, zoom) {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, icon: icon, keyboard: false }).addTo(map);
      marker.on("dragend", function () { write(marker.getLatLng()); });
    } else {
      marker.setLatLng(latlng);
    }
    if (zoom) { map.setView(latlng, zoom); }
  }

  var lat = read(latInput);
  var lon = read(lonInput);
  if (lat !== null && lon !== null) {
    place([lat, lon], 14);
  } else {
    map.setView([51.16, 10.45], 5);
  }
  map.on("click", function (event) {
    place(event.latlng);
    write(event.latlng);
  });
  [latInput, lonInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var a = read(latInput);
      var b = read(lonInput);
      if (a !== null && b !== null) { place([a, b], map.getZoom() < 10 ? 14 : null); }
    });
  });
})();
