// The progress bar of a running round (rounds/detail.html): asks the round's progress
// every second and shows it; reloads the page when the round is done, failed or
// interrupted. A separate file, not an inline script, so that a strict Content Security
// Policy can forbid inline scripts.
(function () {
  "use strict";

  var bar = document.querySelector("progress[data-voortgang-url]");
  if (!bar) {
    return;
  }
  var url = bar.getAttribute("data-voortgang-url");
  var step = document.getElementById("voortgang-stap");
  var counter = document.getElementById("voortgang-teller");
  var INTERVAL_MS = 1000;
  var RETRY_MS = 5000;

  function show(progress) {
    bar.max = Math.max(progress.steps_total, 1);
    bar.value = progress.steps_done;
    bar.textContent = progress.steps_done + " van " + progress.steps_total;
    if (counter) {
      counter.textContent = progress.steps_done + " van " + progress.steps_total + " stappen";
    }
    if (step) {
      step.textContent = progress.step || "wacht op start";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("voortgang: HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (progress) {
        if (progress.status === "done" || progress.status === "failed" || progress.interrupted) {
          window.location.reload();
          return;
        }
        show(progress);
        window.setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        window.setTimeout(poll, RETRY_MS);
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
