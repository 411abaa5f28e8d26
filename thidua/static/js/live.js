// Live updates keep the user's place (issue 21). When htmx replaces the part of the page that
// holds the focus (a sorted table, a pending-evidence row), focus would fall back to <body>;
// here it goes back to a sensible control and the result is read out in a polite live region.
// A file, not an inline script: the Content Security Policy forbids inline ones.
(function () {
  "use strict";

  // By the id of the part replaced: the session's tally may refresh in between.
  var remembered = {};

  // The region must be in the page before its text changes, or screen readers miss the change.
  function liveRegion() {
    var region = document.getElementById("live-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "live-status";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(text) {
    var region = liveRegion();
    text = (text || "").replace(/\s+/g, " ").trim();
    // Emptied first, so the same sentence twice in a row is read twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  function focusOn(element) {
    if (!element) { return; }
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  // What was focused inside the part about to be replaced, said in terms that survive the swap.
  function remember(target) {
    var active = document.activeElement;
    if (!target || !target.id || !active || active === document.body || !target.contains(active)) {
      return null;
    }
    var header = active.closest("th[data-column]");
    if (header) { return { id: target.id, column: header.getAttribute("data-column") }; }
    if (active.closest(".pagination")) { return { id: target.id, paging: true }; }
    return { id: target.id };
  }

  // A pending-evidence row after "Xác nhận" / "Không xác nhận": on a refusal the reason box
  // (which names the error) or the first action again; once done, the next row's first action,
  // else this row's link.
  function settleRow(row) {
    var error = row.querySelector("[role=alert]");
    if (error) {
      focusOn(row.querySelector("input[aria-invalid]") || row.querySelector("button"));
      return;
    }
    // Rows of every table on the page (one a kind of evidence), in reading order.
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-live-row]"));
    var here = rows.indexOf(row);
    var open = function (other) { return other.querySelector("button"); };
    var next = rows.slice(here + 1).filter(open)[0] || rows.slice(0, here).reverse().filter(open)[0];
    focusOn(next ? next.querySelector("button") : row.querySelector("a[href]"));
  }

  function settleTable(box, place) {
    var caption = box.querySelector("caption.table-status");
    if (place && place.column) {
      var again = box.querySelector('th[data-column="' + place.column + '"] a');
      focusOn(again || caption);
    } else if (place && place.paging) {
      focusOn(caption || box.querySelector("table"));
    } else if (place) {
      focusOn(caption || box.querySelector("table"));
    }
    // Sorting, paging and filtering alike: the count, page and order are read out.
    if (caption) { announce(caption.textContent); }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id) { remembered[target.id] = remember(target); }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.isConnected || !elt.id) { return; }
    var place = remembered[elt.id] || null;
    delete remembered[elt.id];
    var said = elt.matches("[data-announce]") ? elt : elt.querySelector("[data-announce]");
    if (elt.matches("tr[data-live-row]")) {
      if (said) { announce(said.getAttribute("data-announce")); }
      if (place) { settleRow(elt); }
    } else if (elt.matches('[id$="-table"]') && elt.querySelector("caption.table-status")) {
      settleTable(elt, place);
    } else if (said) {
      announce(said.getAttribute("data-announce"));
    }
    // The council session's close form asks with the counts of the tally just refreshed.
    var confirm = elt.getAttribute("data-close-confirm");
    var closeForm = document.getElementById("close-form");
    if (confirm && closeForm) { closeForm.setAttribute("hx-confirm", confirm); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", liveRegion);
  } else {
    liveRegion();
  }
})();
