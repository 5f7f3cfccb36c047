// Live progress of a campaign in the admin: polls the figures while the
// campaign is sending (or scheduled / paused) and updates the bar and the list.
(function () {
  "use strict";
  var box = document.getElementById("campaign-progress");
  if (!box) return;
  var bar = document.getElementById("campaign-bar");
  var url = box.getAttribute("data-url");
  var live = ["sending", "scheduled", "paused"];

  function set(field, value) {
    var el = box.querySelector('[data-field="' + field + '"]');
    if (el) el.textContent = value;
  }

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        ["total", "queued", "sent", "failed", "remaining", "rate", "state_label"].forEach(function (f) {
          set(f, data[f]);
        });
        set("eta", data.eta_seconds === null ? "—" : data.eta_seconds + " s");
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        box.setAttribute("data-state", data.state);
        if (live.indexOf(data.state) !== -1) window.setTimeout(tick, 2000);
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }

  if (live.indexOf(box.getAttribute("data-state")) !== -1) window.setTimeout(tick, 1000);
})();
