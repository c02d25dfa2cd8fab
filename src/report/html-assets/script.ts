// The HTML report's only script: the severity and CWE filters. Without JavaScript every finding
// stays visible, so the report degrades to a plain static page.

/** The filter script, inlined at the end of the body (the elements exist when it runs). */
export const REPORT_SCRIPT = `
(function () {
  "use strict";
  var severityBoxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter=severity]"));
  var cweSelect = document.getElementById("filter-cwe");
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.file-group"));
  var counter = document.getElementById("filter-count");
  var empty = document.getElementById("filter-empty");
  if (!cweSelect || !counter || !empty) return;

  function apply() {
    var severities = {};
    severityBoxes.forEach(function (box) { if (box.checked) severities[box.value] = true; });
    var cwe = cweSelect.value;
    var shown = 0;
    cards.forEach(function (card) {
      var visible = severities[card.getAttribute("data-severity")] === true && (cwe === "" || card.getAttribute("data-cwe") === cwe);
      card.hidden = !visible;
      if (visible) shown += 1;
    });
    groups.forEach(function (group) {
      group.hidden = group.querySelector("article.finding:not([hidden])") === null;
    });
    counter.textContent = "Showing " + shown + " of " + cards.length + (cards.length === 1 ? " finding" : " findings");
    empty.hidden = shown > 0;
  }

  severityBoxes.forEach(function (box) { box.addEventListener("change", apply); });
  cweSelect.addEventListener("change", apply);
  apply();
})();
`;
