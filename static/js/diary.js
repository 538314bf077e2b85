// Diary page: the food combobox (ARIA 1.2 combobox + listbox, keyboard), rows that open their
// edit form in place (Escape closes it), focus after swaps, and the undo timer.
// The server renders the options (htmx); this file only moves the highlight and records an
// explicit choice in the hidden food field. Typed text alone never picks a food.
(function () {
  "use strict";

  const UNDO_SECONDS = 8;

  function parts() {
    return {
      input: document.getElementById("food-search"),
      list: document.getElementById("food-options"),
      hidden: document.getElementById("food-id"),
    };
  }

  function options(list) {
    return list ? Array.from(list.querySelectorAll('[role="option"]:not([aria-disabled="true"])')) : [];
  }

  function setOpen(open) {
    const { input, list } = parts();
    if (!input || !list) return;
    const hasItems = list.querySelector('[role="option"]') !== null;
    const show = open && hasItems;
    list.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) input.removeAttribute("aria-activedescendant");
  }

  function highlight(option) {
    const { input, list } = parts();
    options(list).forEach((item) => item.setAttribute("aria-selected", item === option ? "true" : "false"));
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(option) {
    const { input, hidden } = parts();
    if (!option || !input || !hidden) return;
    hidden.value = option.dataset.foodId;
    input.value = option.dataset.foodName;
    setOpen(false);
    // A food is chosen: the saved meals found by the same letters are no longer offered.
    const saved = document.getElementById("saved-options");
    if (saved) saved.replaceChildren();
    // The hidden field asks the server for this food's units (hx-trigger="food-chosen").
    if (window.htmx) window.htmx.trigger(hidden, "food-chosen");
  }

  document.addEventListener("keydown", function (event) {
    const { input, list } = parts();
    if (!input || event.target !== input) return;
    const items = options(list);
    const open = list && !list.hidden;
    const current = items.findIndex((item) => item.getAttribute("aria-selected") === "true");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!items.length) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = current === -1 ? (step === 1 ? 0 : items.length - 1)
        : (current + step + items.length) % items.length;
      highlight(items[next]);
    } else if (event.key === "Enter" && open && current !== -1) {
      event.preventDefault();
      choose(items[current]);
    } else if (event.key === "Enter" && open && items.length === 1) {
      event.preventDefault(); // the only match: Enter picks it
      choose(items[0]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  });

  // Escape in a row's edit form closes it as it was (its Cancel link asks for the plain row).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    const form = event.target.closest("[data-edit-form]");
    const cancel = form && form.querySelector("[data-cancel-edit]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });

  document.addEventListener("input", function (event) {
    const { input, hidden } = parts();
    // Editing the text drops the earlier choice: what is posted is always an explicit pick.
    if (input && event.target === input && hidden) hidden.value = "";
  });

  // mousedown would blur the input before click; keep focus in the combobox.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#food-options [role=option]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const option = event.target.closest && event.target.closest("#food-options [role=option]");
    if (option && option.getAttribute("aria-disabled") !== "true") choose(option);
    else if (!(event.target.closest && event.target.closest(".combobox"))) setOpen(false);
  });

  // A swap removes the focused control; put keyboard users back where they were.
  let focusedId = null;
  let focusedRowId = null; // a row's buttons have no id (one per row of the food): the row has
  let focusedRowPart = ".entry-open";
  document.addEventListener("htmx:beforeRequest", function () {
    const active = document.activeElement;
    focusedId = active ? active.id : null;
    const row = active && active.closest ? active.closest("li[id]") : null;
    focusedRowId = row ? row.id : null;
    // Back to the star if it was pressed; otherwise (Save) to the row itself.
    focusedRowPart = active && active.classList.contains("fav-button") ? ".fav-button" : ".entry-open";
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    const { input } = parts();
    const target = event.detail && event.detail.target;
    if (!target) return;
    if (target.id === "food-options") {
      setOpen(document.activeElement === input);
    } else if (target.id === "add-entry" && input) {
      input.focus(); // ready for the next food
    } else if (target.id && target.id.startsWith("entry-")) {
      // The row was opened for editing, closed again, or replaced by its Undo notice.
      const row = document.getElementById(target.id);
      const undo = document.querySelector("[data-undo] button");
      if (row && row.classList.contains("editing")) {
        const amount = row.querySelector('input[name="amount"]');
        if (amount) { amount.focus(); amount.select(); }
      } else if (row && row.querySelector(".entry-open")) {
        row.querySelector(".entry-open").focus();
      } else if (undo) {
        undo.focus();
      }
    } else if (document.activeElement === document.body) {
      // The focused control was swapped out: the same control again, else its row.
      const again = focusedId ? document.getElementById(focusedId) : null;
      const part = !again && focusedRowId
        ? document.querySelector("#" + CSS.escape(focusedRowId) + " " + focusedRowPart)
        : null;
      if (again || part) (again || part).focus();
    }
  });

  function hideUndoLater(root) {
    const found = root.matches && root.matches("[data-undo]") ? [root] : [];
    if (root.querySelectorAll) found.push(...root.querySelectorAll("[data-undo]"));
    found.forEach(function (notice) {
      window.setTimeout(function () {
        notice.remove();
      }, UNDO_SECONDS * 1000);
    });
  }

  if (window.htmx) {
    window.htmx.onLoad(hideUndoLater);
  } else {
    hideUndoLater(document);
  }
})();
