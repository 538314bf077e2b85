// Sign-up and profile: the browser's own time zone for the time zone field.
(function () {
  "use strict";

  function browserTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function known(input, zone) {
    // Only a zone the server knows (the datalist holds every one it accepts).
    var list = input.list;
    return !list || Array.prototype.some.call(list.options, function (option) {
      return option.value === zone;
    });
  }

  function setUp() {
    var input = document.querySelector("[data-time-zone-input]");
    var zone = browserTimeZone();
    // Sign-up: start from the browser's zone instead of UTC; the person can still change it.
    if (input && zone && input.hasAttribute("data-time-zone-prefill") && input.value === "UTC" &&
        known(input, zone)) {
      input.value = zone;
      return;
    }
    // Profile: offer it with a button, created here so that without JS there is no dead button.
    var slot = document.querySelector("[data-browser-time-zone]");
    if (!slot || !input || !zone || zone === input.value) {
      return;
    }
    if (!known(input, zone)) {
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
