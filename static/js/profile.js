// Profile page: offer the browser's own time zone for the time zone field.
(function () {
  "use strict";

  function browserTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function setUp() {
    // The button is created here, so that without JS there is no dead button.
    var slot = document.querySelector("[data-browser-time-zone]");
    var input = document.querySelector("[data-time-zone-input]");
    var zone = browserTimeZone();
    if (!slot || !input || !zone || zone === input.value) {
      return;
    }
    // Offer only a zone the server knows (the datalist holds every one it accepts).
    var list = input.list;
    if (list && !Array.prototype.some.call(list.options, function (option) {
      return option.value === zone;
    })) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Use my browser's time zone (" + zone + ")";
    slot.appendChild(button);
    button.addEventListener("click", function () {
      input.value = zone;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
