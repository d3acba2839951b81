/* Live turnout: refresh the numbers every few seconds without reloading the page.
   The page works without this script; it only keeps the numbers fresh. */
(function () {
  "use strict";
  var table = document.querySelector("[data-turnout-url]");
  if (!table || !window.fetch) { return; }
  var url = table.getAttribute("data-turnout-url");
  var lastState = null;
  function update() {
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        Object.keys(data.turnout).forEach(function (key) {
          var t = data.turnout[key];
          var values = { issued: t.issued - t.voided, phone: t.phone, paper: t.paper,
                         spoiled: t.spoiled, cast: t.cast };
          Object.keys(values).forEach(function (field) {
            var cell = table.querySelector('[data-t="' + key + "." + field + '"]');
            if (cell && cell.textContent !== String(values[field])) {
              cell.textContent = values[field];
            }
          });
        });
        // When the voting closes, reload once to show the results.
        if (lastState === "open" && data.state === "closed") { window.location.reload(); }
        lastState = data.state;
      })
      .catch(function () { /* the hall's network hiccups; try again next time */ });
  }
  lastState = table.closest("[data-state]") ? table.closest("[data-state]").getAttribute("data-state") : null;
  setInterval(update, 4000);
})();
