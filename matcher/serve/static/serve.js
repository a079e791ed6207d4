// Polls the screening's progress while files are read and swaps in the fresh shortlist.
// No framework, no build step; the server renders (and escapes) every fragment.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var edited = false;
  live.addEventListener("input", function () { edited = true; });
  function state() {
    var p = document.getElementById("progress");
    return p ? p.getAttribute("data-state") : "";
  }
  function busy(s) {
    var parts = s.split("/");
    return parts[0] === "queued" || (parts[3] && parts[3] !== "0");
  }
  function tick() {
    fetch(live.getAttribute("data-progress"), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (p) {
        var now = p.ad_status + "/" + p.done + "/" + p.errors + "/" + p.queued;
        if (now !== state() && edited) {
          var note = document.getElementById("live-note");
          note.textContent = p.done + " ranked, " + p.errors + " unreadable, " + p.queued +
            " being read: save your decision, or reload the page, to see the new ranking.";
          note.hidden = false;
        }
        if (now !== state() && !edited) {
          return fetch(live.getAttribute("data-fragment"), {credentials: "same-origin"})
            .then(function (r) { return r.text(); })
            .then(function (html) { document.getElementById("shortlist").innerHTML = html; return now; });
        }
        return now;
      })
      .then(function (now) { if (busy(now)) { window.setTimeout(tick, 1000); } })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  if (busy(state())) { window.setTimeout(tick, 500); }
})();
