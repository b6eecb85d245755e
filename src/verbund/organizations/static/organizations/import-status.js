// Keeps the import status page current without reloading it: fetches the page every two
// seconds and swaps in the progress part until the import has finished. Without JavaScript
// the "Update now" link does the same by hand.
(function () {
  "use strict";
  var region = document.getElementById("import-live");
  if (!region || region.dataset.finished === "true") {
    return;
  }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) {
          window.setTimeout(poll, 5000);
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .getElementById("import-live");
        if (!fresh) {
          return;
        }
        region.replaceWith(fresh);
        region = fresh;
        if (fresh.dataset.finished !== "true") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
