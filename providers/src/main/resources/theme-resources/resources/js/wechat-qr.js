// Drives the WeChat QR login page: long-polls the scene's status, counts down, renews an expired code and, once
// scanned (and, with confirmation on the phone, confirmed there), navigates to the broker endpoint, where Keycloak
// checks this browser's auth session and finishes.
(function () {
  "use strict";
  var box = document.getElementById("wechat-qr");
  if (!box) {
    return;
  }
  if (box.getAttribute("data-state") === "error") {
    // Retry: back to this login's page, which opens the QR again (the wechat theme's tab, or this provider).
    document.getElementById("wechat-qr-retry").addEventListener("click", function () {
      var target = completingWindow();
      try {
        target.sessionStorage.setItem("wechat-login-tab",
            target !== window ? "qr" : "provider:" + box.getAttribute("data-alias"));
      } catch (e) {
        // storage may be disabled; the login page then opens on its default tab
      }
      target.location.assign(box.getAttribute("data-login-url"));
    });
    return;
  }
  var image = document.getElementById("wechat-qr-image");
  var stateLine = document.getElementById("wechat-qr-state");
  var countdown = document.getElementById("wechat-qr-countdown");
  var refresh = document.getElementById("wechat-qr-refresh");
  var scanBase = box.getAttribute("data-scan-base");
  var completeUrl = box.getAttribute("data-complete-url");
  var scene = box.getAttribute("data-scene");
  var expiresAt = Date.now() + 1000 * parseInt(box.getAttribute("data-expires-in"), 10);
  var generation = 0;
  var finished = false;

  // Shown inside the wechat login theme's QR tab (a same-origin frame), the whole page must move on, not the frame.
  function completingWindow() {
    try {
      if (window.top !== window.self && window.top.location.origin === window.location.origin) {
        return window.top;
      }
    } catch (e) {
      // a cross-origin parent: stay in this frame
    }
    return window;
  }

  function msg(name) {
    return box.getAttribute("data-msg-" + name) || "";
  }

  function show(state, text) {
    box.setAttribute("data-state", state);
    stateLine.textContent = text;
  }

  function tick() {
    if (finished || box.getAttribute("data-state") !== "pending") {
      countdown.textContent = "";
      return;
    }
    var left = Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000));
    countdown.textContent = msg("countdown").replace("{0}", String(left));
  }

  // Answers that come back much sooner than the 25 s asked for (the server's caps on waiting polls were hit)
  // make the page wait before asking again, 1 s, 2 s, 4 s ... up to 10 s, instead of asking in a tight loop.
  var quickAnswers = 0;

  function poll(myGeneration, known) {
    if (finished || myGeneration !== generation) {
      return;
    }
    var askedAt = Date.now();
    var request = new XMLHttpRequest();
    request.open("GET", scanBase + "/" + encodeURIComponent(scene) + "?known=" + known + "&wait=25");
    request.setRequestHeader("Accept", "application/json");
    request.timeout = 35000;
    request.onload = function () {
      if (myGeneration !== generation) {
        return;
      }
      var status = null;
      try {
        status = JSON.parse(request.responseText).status;
      } catch (e) {
        status = null;
      }
      if (request.status !== 200 || !status) {
        return retryLater(myGeneration, known);
      }
      if (status === "scanned") {
        finished = true;
        show("scanned", msg("scanned"));
        completingWindow().location.assign(completeUrl + encodeURIComponent(scene));
      } else if (status === "expired") {
        renew();
      } else if (status === "denied") {
        finished = true;
        show("denied", msg("denied"));
        refresh.hidden = false;
      } else {
        // "pending", or "confirming": scanned, and the person is asked to confirm on the phone.
        var waiting = status === "confirming" ? "confirming" : "pending";
        show(waiting, msg(waiting));
        quickAnswers = Date.now() - askedAt < 1000 ? quickAnswers + 1 : 0;
        if (quickAnswers === 0) {
          poll(myGeneration, waiting);
        } else {
          var pause = Math.min(10000, 1000 * Math.pow(2, quickAnswers - 1));
          window.setTimeout(function () { poll(myGeneration, waiting); }, pause);
        }
      }
    };
    request.onerror = request.ontimeout = function () {
      retryLater(myGeneration, known);
    };
    request.send();
  }

  function retryLater(myGeneration, known) {
    show("pending", msg("network"));
    window.setTimeout(function () { poll(myGeneration, known); }, 2000);
  }

  function renew() {
    generation += 1;
    var myGeneration = generation;
    show("expired", msg("expired"));
    refresh.hidden = true;
    var request = new XMLHttpRequest();
    request.open("POST", scanBase + "/" + encodeURIComponent(scene) + "/renew");
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      var body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch (e) {
        body = null;
      }
      if (request.status !== 200 || !body || !body.scene) {
        show("expired", msg("renew-failed"));
        refresh.hidden = false;
        return;
      }
      scene = body.scene;
      image.src = body.image;
      expiresAt = Date.now() + 1000 * body.expiresIn;
      box.setAttribute("data-scene", scene);
      show("pending", msg("pending"));
      poll(myGeneration, "pending");
    };
    request.onerror = function () {
      show("expired", msg("renew-failed"));
      refresh.hidden = false;
    };
    request.send();
  }

  refresh.addEventListener("click", function () {
    window.location.reload();
  });
  window.setInterval(tick, 1000);
  tick();
  poll(generation, "pending");
})();
