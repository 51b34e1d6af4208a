/* coursepack learner site: self-check questions, the learner's progress and printing.
   Progress is kept in this browser only (localStorage), never sent anywhere; it works
   offline (file://) too. Module states: not started, in progress (the page was opened or
   a question answered), done (every self-check question answered right). */
(function () {
  "use strict";
  var settingsElement = document.getElementById("cp-progress-settings");
  var settings = settingsElement ? JSON.parse(settingsElement.textContent) : {};
  var STORE = settings.store || "coursepack-progress";
  var MODULE_PAGE = /(?:^|\/)modules\/([a-z0-9-]+)\.html$/;

  /* { items: {id: {answer: [choice ids], right: bool}}, modules: {id: "started"|"done"},
       last: module id } */
  function load() {
    var progress = null;
    try { progress = JSON.parse(window.localStorage.getItem(STORE)); } catch (e) { /* none */ }
    progress = progress && typeof progress === "object" ? progress : {};
    progress.items = progress.items || {};
    progress.modules = progress.modules || {};
    return progress;
  }

  function store(progress) {
    try { window.localStorage.setItem(STORE, JSON.stringify(progress)); } catch (e) {
      /* storage unavailable (private mode, full): progress is simply not kept */
    }
  }

  function thisModule() {
    var found = MODULE_PAGE.exec(window.location.pathname);
    return found ? found[1] : null;
  }

  function moduleState(progress, id) {
    return progress.modules[id] || "";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  /* --- self-check questions ---------------------------------------------------------- */

  function show(form) {
    var inputs = form.querySelectorAll("input");
    var chosen = [], right = true;
    inputs.forEach(function (input) {
      var feedback = input.parentNode.querySelector(".cp-feedback");
      var isCorrect = input.getAttribute("data-correct") === "true";
      feedback.hidden = !input.checked;
      feedback.classList.toggle("cp-right-option", isCorrect);
      feedback.classList.toggle("cp-wrong-option", !isCorrect);
      if (input.checked) { chosen.push(input.value); }
      if (input.checked !== isCorrect) { right = false; }
    });
    var result = form.querySelector(".cp-result");
    if (!chosen.length) {
      result.textContent = form.getAttribute("data-unanswered");
      result.className = "cp-result";
      return null;
    }
    result.textContent = form.getAttribute(right ? "data-right" : "data-wrong");
    result.className = "cp-result " + (right ? "cp-right" : "cp-wrong");
    return { answer: chosen, right: right };
  }

  function check(form) {
    var answered = show(form);
    if (!answered) { return; }
    var progress = load();
    progress.items[form.getAttribute("data-item")] = answered;
    var module = thisModule();
    if (module) { progress.modules[module] = pageState(progress); }
    store(progress);
    showStates();
  }

  /* The state of the module on this page from its questions' stored answers. */
  function pageState(progress) {
    var forms = document.querySelectorAll("form.cp-quiz");
    if (!forms.length) { return moduleState(progress, thisModule()) || "started"; }
    var allRight = Array.prototype.every.call(forms, function (form) {
      var item = progress.items[form.getAttribute("data-item")];
      return item && item.right;
    });
    return allRight ? "done" : "started";
  }

  function reset(form) {
    form.querySelectorAll(".cp-feedback").forEach(function (p) { p.hidden = true; });
    var result = form.querySelector(".cp-result");
    result.textContent = "";
    result.className = "cp-result";
  }

  /* Answers given earlier, checked again as the learner left them. */
  function restore(form, progress) {
    var item = progress.items[form.getAttribute("data-item")];
    if (!item || !item.answer) { return; }
    form.querySelectorAll("input").forEach(function (input) {
      input.checked = item.answer.indexOf(input.value) !== -1;
    });
    show(form);
  }

  /* --- progress shown on every page -------------------------------------------------- */

  function badge(state) {
    var span = document.createElement("span");
    span.className = "cp-badge cp-badge--" + (state || "not-started");
    span.textContent = settings[state || "notStarted"] || "";
    return span;
  }

  function showStates() {
    var progress = load();
    document.querySelectorAll("span.cp-state[data-module]").forEach(function (span) {
      span.replaceChildren(badge(moduleState(progress, span.getAttribute("data-module"))));
    });
    document.querySelectorAll("span.cp-track-progress[data-modules]").forEach(function (span) {
      var ids = span.getAttribute("data-modules").split(" ").filter(Boolean);
      var done = ids.filter(function (id) { return moduleState(progress, id) === "done"; });
      span.textContent = settings.trackProgress ?
        fill(settings.trackProgress, { done: done.length, total: ids.length }) : "";
      span.classList.toggle("cp-track-progress--done", done.length === ids.length);
    });
    /* the navigation: a mark after each module the learner has opened */
    document.querySelectorAll(".md-nav a.md-nav__link[href]").forEach(function (link) {
      var found = MODULE_PAGE.exec(link.href);
      if (!found) { return; }
      var old = link.querySelector(".cp-nav-state");
      if (old) { old.remove(); }
      var state = moduleState(progress, found[1]);
      if (!state) { return; }
      var mark = document.createElement("span");
      mark.className = "cp-nav-state cp-nav-state--" + state;
      mark.setAttribute("role", "img");
      mark.setAttribute("aria-label", settings[state] || state);
      mark.title = settings[state] || state;
      link.appendChild(mark);
    });
    showContinue(progress);
  }

  /* "Start the course" becomes "Continue: <module>" once the learner has begun. */
  function showContinue(progress) {
    document.querySelectorAll("a.cp-continue[data-modules]").forEach(function (link) {
      var order = link.getAttribute("data-modules").split(" ").filter(Boolean);
      if (!link.hasAttribute("data-start")) {
        link.setAttribute("data-start", link.textContent);
        link.setAttribute("data-start-href", link.getAttribute("href"));
      }
      var begun = order.some(function (id) { return moduleState(progress, id); });
      if (!begun) {
        link.textContent = link.getAttribute("data-start");
        link.setAttribute("href", link.getAttribute("data-start-href"));
        return;
      }
      var next = progress.last && moduleState(progress, progress.last) !== "done" ?
        progress.last : null;
      if (!next) {
        var after = order.slice(order.indexOf(progress.last) + 1);
        next = after.concat(order).filter(function (id) {
          return moduleState(progress, id) !== "done";
        })[0];
      }
      var base = link.getAttribute("data-start-href").replace(/[a-z0-9-]+\.html$/, "");
      if (next) {
        link.setAttribute("href", base + next + ".html");
        link.textContent = fill(settings["continue"] || "{module}", { module: title(next) });
      } else {
        link.setAttribute("href", base + order[0] + ".html");
        link.textContent = settings.review || link.getAttribute("data-start");
      }
    });
  }

  /* A module's title in this language, from the navigation. */
  function title(id) {
    var links = document.querySelectorAll(".md-nav a.md-nav__link[href]");
    for (var i = 0; i < links.length; i += 1) {
      var found = MODULE_PAGE.exec(links[i].href);
      if (found && found[1] === id) {
        var copy = links[i].cloneNode(true);
        copy.querySelectorAll(".cp-nav-state").forEach(function (n) { n.remove(); });
        return copy.textContent.trim();
      }
    }
    return id;
  }

  function clear() {
    if (!window.confirm(settings.confirmClear || "?")) { return; }
    try { window.localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
    document.querySelectorAll("form.cp-quiz").forEach(function (form) {
      form.reset();
      reset(form);
    });
    showStates();
  }

  function init() {
    if (settings.language) {  /* the front page opens this language next time */
      try { window.localStorage.setItem(settings.language, document.documentElement.lang); } catch (e) {
        /* not kept */
      }
    }
    var progress = load();
    var module = thisModule();
    if (module) {  /* opening a module page starts it and makes it the one to continue */
      progress.modules[module] = moduleState(progress, module) || "started";
      progress.last = module;
      store(progress);
    }
    document.querySelectorAll("form.cp-quiz").forEach(function (form) {
      restore(form, progress);
      form.addEventListener("submit", function (event) { event.preventDefault(); check(form); });
      form.addEventListener("reset", function () { reset(form); });
    });
    document.querySelectorAll("button.cp-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("button.cp-mark-done").forEach(function (button) {
      button.hidden = !module;
      button.addEventListener("click", function () {
        var kept = load();
        kept.modules[module] = "done";
        store(kept);
        showStates();
      });
    });
    document.querySelectorAll("button.cp-clear").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", clear);
    });
    showStates();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
