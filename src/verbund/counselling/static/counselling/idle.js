// Counselling pages end the session after the idle time: the page goes to the timeout
// address, which logs out, so a case left open on a screen disappears. Any key press,
// click or scroll on the page does not count: only requests to the server do.
(function () {
  "use strict";
  var tag = document.getElementById("counselling-idle");
  if (!tag) return;
  var seconds = parseInt(tag.getAttribute("data-idle-seconds"), 10);
  var url = tag.getAttribute("data-timeout-url");
  if (!seconds || !url) return;
  window.setTimeout(function () { window.location.assign(url); }, seconds * 1000 + 2000);
})();
