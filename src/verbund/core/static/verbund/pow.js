// The proof-of-work of public forms (ALTCHA, self-hosted): find the number whose SHA-256
// with the challenge's salt gives the challenge, and send it with the form. Without this
// script the forms still work, under a stricter limit per hour.
(function () {
  "use strict";
  var box = document.getElementById("pow");
  var form = box && box.closest("form");
  if (!box || !form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) return;
  var field = form.querySelector("input[name=altcha]");
  var status = box.querySelector("[role=status]");
  var challenge;
  try { challenge = JSON.parse(box.getAttribute("data-challenge")); } catch (e) { return; }
  if (!field || !challenge) return;
  var encoder = new TextEncoder();

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, "0");
    return out;
  }

  async function solve() {
    status.textContent = box.getAttribute("data-working");
    for (var n = 0; n <= challenge.maxNumber; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
      if (hex(digest) === challenge.challenge) {
        field.value = btoa(JSON.stringify({
          algorithm: challenge.algorithm, challenge: challenge.challenge, number: n,
          salt: challenge.salt, signature: challenge.signature
        }));
        status.textContent = box.getAttribute("data-done");
        form.setAttribute("data-pow", "solved");
        return;
      }
    }
    status.textContent = "";
  }
  solve();
})();
