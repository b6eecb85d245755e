// Live state of the hall through server-sent events. When a poll's status or the speaker
// changes, the page reloads (the server renders ballots, results and the list of speakers);
// turnout figures and the speaking-time countdown are updated in place. The projector swaps
// in its freshly rendered content instead of reloading, so the hall's screen never blanks,
// and it also follows the chair to the next poll.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");

  function tick() {
    var clocks = document.querySelectorAll("[data-ends-at]");
    Array.prototype.forEach.call(clocks, function (clock) {
      var left = Math.round((Date.parse(clock.getAttribute("data-ends-at")) - Date.now()) / 1000);
      var sign = left < 0 ? "−" : "";
      left = Math.abs(left);
      var seconds = left % 60;
      clock.textContent = sign + Math.floor(left / 60) + ":" + (seconds < 10 ? "0" : "") + seconds;
      clock.classList.toggle("overtime", sign !== "");
    });
  }
  tick();
  window.setInterval(tick, 1000);

  if (!root || !window.EventSource) { return; }
  var source = new EventSource(root.getAttribute("data-live-url"));
  function reload() { source.close(); window.location.reload(); }
  var projector = root.hasAttribute("data-projector-poll");
  var refreshing = false;
  function refresh() {
    if (!projector || !window.fetch || !window.DOMParser) { reload(); return; }
    if (refreshing) { return; }
    refreshing = true;
    window.fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        if (!fresh) { reload(); return; }
        root.innerHTML = fresh.innerHTML;
        root.setAttribute("data-projector-poll", fresh.getAttribute("data-projector-poll") || "");
        root.setAttribute("data-projector-status", fresh.getAttribute("data-projector-status") || "");
        tick();
      })
      .catch(reload)
      .then(function () { refreshing = false; });
  }
  // The poll the projector should show: the open one, else the one closed last.
  function projectedPoll(polls) {
    var open = null, last = null;
    polls.forEach(function (poll) {
      if (poll.status === "open" && !open) { open = poll; }
      if (poll.status === "closed" && (!last || (poll.closed_at || "") > (last.closed_at || ""))) { last = poll; }
    });
    var shown = open || last;
    return shown ? shown.id + ":" + shown.status : ":";
  }
  source.onmessage = function (event) {
    var state;
    try { state = JSON.parse(event.data); } catch (e) { return; }
    var changed = false;
    (state.polls || []).forEach(function (poll) {
      var status = document.querySelector('[data-poll-status="' + poll.id + '"]');
      if (status && status.getAttribute("data-status") !== poll.status) { changed = true; }
      var voted = document.querySelector('[data-poll-voted="' + poll.id + '"]');
      if (voted && voted.textContent !== String(poll.voted)) { voted.textContent = String(poll.voted); }
    });
    var speaking = document.querySelector("[data-speaking]");
    if (root.hasAttribute("data-live-agenda") && !speaking !== !state.agenda) { changed = true; }
    if (speaking && state.agenda) {
      var speaker = state.agenda.speaker || {};
      var key = (speaker.name || "") + "|" + (speaker.ends_at || "") + "|" + state.agenda.waiting.length;
      if (speaking.getAttribute("data-speaking") !== key) { changed = true; }
    }
    if (projector) {
      var showing = root.getAttribute("data-projector-poll") + ":" + root.getAttribute("data-projector-status");
      if (projectedPoll(state.polls || []) !== showing) { changed = true; }
    }
    if (changed) { refresh(); }
  };
})();
