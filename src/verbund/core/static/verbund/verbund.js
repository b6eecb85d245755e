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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { controlledGroups(); focusErrors(); });
  } else {
    controlledGroups();
    focusErrors();
  }
})();
