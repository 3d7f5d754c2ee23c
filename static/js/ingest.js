// Review of a draft plan: pointing at a task (or its deadline, a target) lights up the passage
// it came from, and the reverse. Without this file the anchors link task and passage.
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  function toggle(id, on) {
    var el = byId(id);
    if (el) el.classList.toggle("is-active", on);
  }

  // Scroll the source pane (not the page) so that `mark` is in view.
  function reveal(mark, force) {
    var pane = mark.closest(".ingest-source__text");
    if (!pane || pane.scrollHeight <= pane.clientHeight) return;
    var paneBox = pane.getBoundingClientRect();
    var box = mark.getBoundingClientRect();
    if (!force && box.top >= paneBox.top && box.bottom <= paneBox.bottom) return;
    pane.scrollTop += box.top - paneBox.top - pane.clientHeight / 4;
  }

  function setup(root) {
    var current = null;

    function activate(index) {
      if (current === index) return;
      if (current !== null) { toggle("src-" + current, false); toggle("task-" + current, false); }
      current = index;
      if (index !== null) { toggle("src-" + index, true); toggle("task-" + index, true); }
    }

    root.querySelectorAll("fieldset[data-task]").forEach(function (fieldset) {
      var index = fieldset.dataset.task;
      fieldset.addEventListener("mouseenter", function () { activate(index); });
      fieldset.addEventListener("focusin", function () {
        activate(index);
        var mark = byId("src-" + index);
        if (mark) reveal(mark, false);
      });
    });

    root.querySelectorAll("mark[data-task]").forEach(function (mark) {
      mark.addEventListener("mouseenter", function () { activate(mark.dataset.task); });
    });

    root.querySelectorAll("[data-span]").forEach(function (el) {
      var id = el.dataset.span;
      ["mouseenter", "focusin"].forEach(function (type) {
        el.addEventListener(type, function () { el.classList.add("is-active"); toggle(id, true); });
      });
      ["mouseleave", "focusout"].forEach(function (type) {
        el.addEventListener(type, function () { el.classList.remove("is-active"); toggle(id, false); });
      });
    });

    // "Xem đoạn này trong văn bản": keep the form where it is, bring the passage into view.
    root.querySelectorAll("a.to-source").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var mark = byId("src-" + link.dataset.task);
        if (!mark) return;
        event.preventDefault();
        activate(link.dataset.task);
        reveal(mark, true);
      });
    });

    // Ticking "bỏ" folds the item away at once; the server drops it on the next post.
    root.querySelectorAll("input[type=checkbox][name$='-remove']").forEach(function (box) {
      box.addEventListener("change", function () {
        var fieldset = box.closest("fieldset");
        if (fieldset) fieldset.classList.toggle("is-removed", box.checked);
        if (fieldset && fieldset.dataset.task !== undefined) {
          var mark = byId("src-" + fieldset.dataset.task);
          if (mark) mark.classList.toggle("is-removed", box.checked);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-ingest-review]").forEach(setup);
  });
})();
