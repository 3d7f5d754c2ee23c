// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function enhance(root) {
    // Forms marked data-autosubmit submit when a select changes; their button is then redundant.
    root.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      if (form.dataset.enhanced) return;
      form.dataset.enhanced = "1";
      form.querySelectorAll("[data-autosubmit-hide]").forEach(function (el) { el.hidden = true; });
      form.addEventListener("change", function (event) {
        if (event.target.tagName === "SELECT") form.requestSubmit ? form.requestSubmit() : form.submit();
      });
    });
    // Buttons that only serve visitors without JavaScript (htmx does their work).
    root.querySelectorAll("[data-nojs-only]").forEach(function (el) { el.hidden = true; });
  }

  // Close an open <details> menu when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("details.menu[open]").forEach(function (menu) { menu.removeAttribute("open"); });
    }
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();
