/* "Add this map to your website": the code and the preview follow the form as it changes. */
(function () {
  "use strict";
  var form = document.getElementById("embed-form");
  if (!form || !window.fetch) { return; }
  var timer = null;

  function refresh() {
    var query = new URLSearchParams(new FormData(form)).toString();
    var url = location.pathname + "?" + query;
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var output = fresh.querySelector(".builder-output");
      var current = document.querySelector(".builder-output");
      if (!output || !current) { return; }
      ["iframe-snippet", "script-snippet"].forEach(function (id) {
        document.getElementById(id).value = fresh.getElementById(id).value;
      });
      var preview = document.getElementById("embed-preview");
      var next = fresh.getElementById("embed-preview");
      if (preview.getAttribute("src") !== next.getAttribute("src")) {
        preview.setAttribute("src", next.getAttribute("src"));
      }
      preview.setAttribute("height", next.getAttribute("height"));
      history.replaceState(null, "", url);
    });
  }

  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  document.querySelectorAll(".snippet").forEach(function (area) {
    area.addEventListener("focus", function () { area.select(); });
  });
})();
