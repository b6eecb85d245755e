// The review queue's "choose all on this page" box: a convenience on top of the form, which
// works without JavaScript one checkbox at a time. The box is in the page already (hidden);
// this script shows it and keeps it in step with the row checkboxes.
(function () {
  "use strict";
  var all = document.getElementById("choose-all");
  if (!all) {
    return;
  }
  var boxes = Array.prototype.slice.call(
    document.querySelectorAll("input[name='chosen']")
  );
  all.closest(".choose-all").hidden = false;
  function sync() {
    var checked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = checked === boxes.length && checked > 0;
    all.indeterminate = checked > 0 && checked < boxes.length;
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    sync();
  });
  boxes.forEach(function (box) { box.addEventListener("change", sync); });
  sync();
})();
