// Every page: when an htmx request fails (an error answer, or no answer at all), say so in the
// page instead of leaving the click without effect. The message clears on the next success.
(function () {
  "use strict";

  function box() {
    return document.getElementById("request-error");
  }

  function show(text) {
    var node = box();
    if (!node) return;
    node.textContent = text;
    node.hidden = false;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 403) {
      show("That was not allowed: your session may have expired. Reload the page and try again.");
    } else if (status === 404) {
      show("That is no longer there (it may have been changed in another tab). Reload the page to see the latest.");
    } else if (status === 429) {
      show("Too many requests: wait a moment and try again.");
    } else {
      show("Something went wrong on the server (error " + status + "). Nothing was changed; please try again.");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    show("No connection to the server: nothing was saved. Check your connection and try again.");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var node = box();
    if (node && event.detail && event.detail.successful) node.hidden = true;
  });
})();
