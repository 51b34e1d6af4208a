/* coursepack learner site: the search index and the search worker are fetched only when the
   learner opens search (focuses the search field, opens the search toggle or presses one of
   Material's search keys, which focus the field), not on every first visit. Loaded before
   Material's bundle: it holds back the bundle's XMLHttpRequest for search/search_index.json
   and creates the search worker then. A page opened from a search result (?h=…) or a search
   link (?q=…) needs the index at once. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var WORKER = /\/workers\/search\.[^/]*\.js$/;
  var wanted = /[?&][hq]=/.test(location.search);
  var waiting = [];

  function want() {
    if (wanted) { return; }
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  function whenWanted(go) {
    if (wanted) { go(); } else { waiting.push(go); }
  }

  function path(url) {
    try { return new URL(String(url), location.href).pathname; } catch (e) { return ""; }
  }

  var held = new WeakSet();
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(path(url))) { held.add(this); } else { held.delete(this); }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!held.has(request)) { return send.apply(request, args); }
    whenWanted(function () {
      if (request.readyState === XMLHttpRequest.OPENED) { send.apply(request, args); }
    });
  };

  /* The search worker (on file:// the iframe shim loaded before this file): the real one is
     made when search is wanted, or when the page first posts to it. */
  var RealWorker = window.Worker;
  var canTarget = (function () {
    try { return Boolean(new EventTarget()); } catch (e) { return false; }
  })();
  if (typeof RealWorker === "function" && canTarget) {
    var LazyWorker = function (url, options) {
      var target = new EventTarget();
      var worker = null, queue = [];
      function start() {
        if (worker) { return; }
        worker = new RealWorker(url, options);
        ["message", "messageerror", "error"].forEach(function (type) {
          worker.addEventListener(type, function (event) {
            target.dispatchEvent(type === "error"
              ? new ErrorEvent("error", { message: event.message, error: event.error })
              : new MessageEvent(type, { data: event.data }));
          });
        });
        queue.splice(0).forEach(function (message) { worker.postMessage(message); });
      }
      target.postMessage = function (message) {
        if (worker) { worker.postMessage(message); } else { queue.push(message); start(); }
      };
      target.terminate = function () { if (worker) { worker.terminate(); } };
      whenWanted(start);
      return target;
    };
    window.Worker = function (url, options) {
      return WORKER.test(path(url)) ? LazyWorker(url, options) : new RealWorker(url, options);
    };
    window.Worker.prototype = RealWorker.prototype;
  }

  function isSearchField(element) {
    return element && element.matches && element.matches("[data-md-component=search-query]");
  }
  document.addEventListener("focusin", function (event) {
    if (isSearchField(event.target)) { want(); }
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) { want(); }
  }, true);
})();
