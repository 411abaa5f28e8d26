// Accessibility helpers for every page (issue 21); no inline script, so it lives here.
(function () {
  "use strict";

  // After a failed submit the error summary takes focus, so a screen reader reads it first and a
  // keyboard user starts from its links to the fields (WCAG 3.3.1, 2.4.3).
  function focusErrorSummary() {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  // A table wider than the screen scrolls inside its .table-responsive box; a box with nothing
  // to focus inside is made focusable and named, so it can be scrolled with the arrow keys
  // (WCAG 2.1.1). Only boxes that do overflow, so wide screens get no extra Tab stop.
  function scrollableTables(root) {
    root.querySelectorAll(".table-responsive").forEach((box) => {
      const overflows = box.scrollWidth > box.clientWidth + 1;
      const marked = box.dataset.scrollFocus === "1";
      if (overflows && !marked && !box.querySelector(FOCUSABLE)) {
        const caption = box.querySelector("caption");
        const table = box.querySelector("table");
        const name = (caption && caption.textContent.trim()) ||
          (table && table.getAttribute("aria-label")) || "Bảng";
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name + " (cuộn ngang)");
        box.dataset.scrollFocus = "1";
      } else if (!overflows && marked) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.scrollFocus;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    focusErrorSummary();
    scrollableTables(document);
  });
  window.addEventListener("resize", () => scrollableTables(document));
  document.addEventListener("htmx:afterSettle", () => scrollableTables(document));
})();
