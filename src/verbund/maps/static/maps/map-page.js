/* The map page: each organisation in the list can be shown on the map and back. */
(function () {
  "use strict";
  var map = document.getElementById("organisation-map");
  if (!map) { return; }
  var template = document.getElementById("show-on-map-label");
  var label = template ? template.content.textContent.trim() : "Show on the map";

  map.addEventListener("verbund-map:ready", function () {
    document.querySelectorAll(".map-list [data-organisation][data-has-pin]").forEach(function (item) {
      var slug = item.getAttribute("data-organisation");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "show-on-map";
      button.textContent = label;
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = ": " + item.querySelector("h3 a").textContent;
      button.appendChild(name);
      button.addEventListener("click", function () { map.showOrganisation(slug); });
      item.appendChild(button);
    });
  });

  // The list follows the map: the organisation whose popup is open is marked in the list.
  map.addEventListener("verbund-map:open", function (event) {
    document.querySelectorAll(".map-list .is-shown").forEach(function (other) {
      other.classList.remove("is-shown");
    });
    var item = document.querySelector(
      '.map-list [data-organisation="' + CSS.escape(event.detail.slug) + '"]');
    if (item) { item.classList.add("is-shown"); }
  });
})();
