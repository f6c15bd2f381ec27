(function () {
  "use strict";

  var form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody.finding"));
  var total = rows.length;
  var status = document.getElementById("finding-count");
  var noMatch = document.getElementById("no-match");

  function detailOf(row) {
    return row.querySelector("tr.detail");
  }

  function setExpanded(row, expanded) {
    var button = row.querySelector("button.disclosure");
    var detail = detailOf(row);
    if (!button || !detail) {
      return;
    }
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    detail.hidden = !expanded;
  }

  // Without script every detail stays open; with it they start collapsed.
  rows.forEach(function (row) {
    setExpanded(row, false);
    var button = row.querySelector("button.disclosure");
    if (button) {
      button.addEventListener("click", function () {
        setExpanded(row, button.getAttribute("aria-expanded") !== "true");
      });
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-expand]"), function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-expand") === "all";
      rows.forEach(function (row) {
        if (!row.hidden) {
          setExpanded(row, open);
        }
      });
    });
  });
  var tools = document.getElementById("expand-tools");
  if (tools) {
    tools.hidden = false;
  }

  function plural(count) {
    return count === 1 ? " finding" : " findings";
  }

  function apply() {
    if (!form) {
      return;
    }
    var levels = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=level]"), function (box) {
      levels[box.value] = box.checked;
    });
    var rule = form.elements.rule.value;
    var control = form.elements.control.value;
    var path = form.elements.path.value;
    var change = form.elements.change ? form.elements.change.value : "";
    var terms = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var data = row.dataset;
      var visible =
        levels[data.level] === true &&
        (!rule || data.rule === rule) &&
        (!control || (" " + data.controls + " ").indexOf(" " + control + " ") !== -1) &&
        (!path || data.path === path) &&
        (!change || data.change === change) &&
        terms.every(function (term) {
          return data.search.indexOf(term) !== -1;
        });
      row.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    status.textContent =
      shown === total
        ? "Showing all " + total + plural(total) + ", most severe first"
        : "Showing " + shown + " of " + total + plural(total);
    noMatch.hidden = shown !== 0;
  }

  if (form) {
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });

    // A matrix item, a rule or a file of the grouped views shows just its findings.
    ["control", "rule", "path"].forEach(function (name) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-filter-" + name + "]"), function (link) {
        link.addEventListener("click", function () {
          form.reset();
          form.elements[name].value = link.getAttribute("data-filter-" + name);
          apply();
        });
      });
    });

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        form.elements.q.focus();
      } else if (event.key === "Escape" && target === form.elements.q && form.elements.q.value) {
        form.elements.q.value = "";
        apply();
      }
    });
    apply();
  }

  // Sortable tables: a header button orders the rows by its data-sort-KEY, again to reverse.
  function sortKey(row, key) {
    return row.getAttribute("data-sort-" + key) || "";
  }

  function compare(a, b) {
    var x = Number(a);
    var y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) {
      return x - y;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    var buttons = Array.prototype.slice.call(table.querySelectorAll("thead button.sort"));
    var findings = table.querySelector("tbody.finding") !== null;
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-sort");
        var ascending = button.parentNode.getAttribute("aria-sort") !== "ascending";
        var rows = findings
          ? Array.prototype.slice.call(table.querySelectorAll("tbody.finding"))
          : Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          var order = compare(sortKey(a, key), sortKey(b, key));
          return ascending ? order : -order;
        });
        var parent = findings ? table : table.tBodies[0];
        var anchor = findings ? document.getElementById("no-match") : null;
        rows.forEach(function (row) {
          parent.insertBefore(row, anchor);
        });
        buttons.forEach(function (other) {
          other.parentNode.removeAttribute("aria-sort");
        });
        button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  });

  function openFromHash() {
    var id = window.location.hash.slice(1);
    var row = id ? document.getElementById(id) : null;
    if (row && row.classList.contains("finding")) {
      setExpanded(row, true);
    }
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();

  // Printing shows every detail, then puts the page back as it was.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (details) {
      details.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) {
      details.open = false;
    });
    reopened = [];
  });
})();
