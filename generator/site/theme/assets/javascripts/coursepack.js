/* coursepack learner site: self-check questions and the print button.
   Works offline; progress is kept in this browser only (localStorage). */
(function () {
  "use strict";
  var STORE = "coursepack-progress";
  /* Messages come in the page's language from the form's data-right, data-wrong and
     data-unanswered attributes. */

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }

  function save(id, correct) {
    try {
      var progress = load();
      progress[id] = correct;
      window.localStorage.setItem(STORE, JSON.stringify(progress));
    } catch (e) { /* storage unavailable: progress is simply not kept */ }
  }

  function check(form) {
    var inputs = form.querySelectorAll("input");
    var chosen = 0, right = true;
    inputs.forEach(function (input) {
      var feedback = input.parentNode.querySelector(".cp-feedback");
      var isCorrect = input.getAttribute("data-correct") === "true";
      feedback.hidden = !input.checked;
      feedback.classList.toggle("cp-right-option", isCorrect);
      feedback.classList.toggle("cp-wrong-option", !isCorrect);
      if (input.checked) { chosen += 1; }
      if (input.checked !== isCorrect) { right = false; }
    });
    var result = form.querySelector(".cp-result");
    if (!chosen) {
      result.textContent = form.getAttribute("data-unanswered");
      result.className = "cp-result";
      return;
    }
    result.textContent = form.getAttribute(right ? "data-right" : "data-wrong");
    result.className = "cp-result " + (right ? "cp-right" : "cp-wrong");
    save(form.getAttribute("data-item"), right);
  }

  function reset(form) {
    form.querySelectorAll(".cp-feedback").forEach(function (p) { p.hidden = true; });
    var result = form.querySelector(".cp-result");
    result.textContent = "";
    result.className = "cp-result";
  }

  function init() {
    document.querySelectorAll("form.cp-quiz").forEach(function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); check(form); });
      form.addEventListener("reset", function () { reset(form); });
    });
    document.querySelectorAll("button.cp-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
