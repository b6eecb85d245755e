/* Verbund: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Show a field group only while a select has a given value, e.g. the kind of partner
  // institution only for partner institutions. Without JavaScript the group stays visible
  // and the server ignores it for other kinds.
  function controlledGroups() {
    document.querySelectorAll("[data-controlled-by]").forEach(function (group) {
      var select = document.getElementById(group.getAttribute("data-controlled-by"));
      var wanted = group.getAttribute("data-shown-for");
      if (!select) { return; }
      function update() { group.hidden = select.value !== wanted; }
      select.addEventListener("change", update);
      update();
    });
  }

  // Move focus to the error summary after a failed submit, so screen readers announce it.
  function focusErrors() {
    var summary = document.getElementById("form-errors");
    if (summary) { summary.focus(); }
  }

  // Filters that follow the results (the directory) start collapsed on a small screen, so
  // that the results fill it; a link to them opens them. Without JavaScript they stay open,
  // after the results.
  function collapsibleFilters() {
    document.querySelectorAll("details[data-collapse-below]").forEach(function (details) {
      var wide = window.matchMedia("(min-width: " + details.getAttribute("data-collapse-below") + ")");
      function update() { details.open = wide.matches || window.location.hash === "#" + details.id; }
      update();
      wide.addEventListener("change", update);
      document.querySelectorAll('a[href="#' + details.id + '"]').forEach(function (link) {
        link.addEventListener("click", function () { details.open = true; });
      });
    });
  }

  function ready() { controlledGroups(); focusErrors(); collapsibleFilters(); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
