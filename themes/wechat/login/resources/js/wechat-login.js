// Tabs of the wechat login page (WAI-ARIA tabs pattern: arrow keys, Home/End). The QR tab's frame loads only when the
// tab is first shown, because loading it asks WeChat for a QR code.
(function () {
  "use strict";
  var STORAGE_KEY = "wechat-login-tab";

  function init() {
    var list = document.getElementById("wechat-tabs");
    var qrFrame = document.getElementById("wechat-qr-frame");
    if (!list) {
      // The QR is the only method: show it at once.
      if (qrFrame && !qrFrame.getAttribute("src")) {
        qrFrame.setAttribute("src", qrFrame.getAttribute("data-src"));
      }
      return;
    }
    var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));

    // Opening the QR provider uses up the one-time code of this page's password form, so after the QR was shown the
    // password form needs a fresh page: the same login step, reloaded without the used code.
    function qrUsedTheCode() {
      return qrFrame && qrFrame.getAttribute("src");
    }

    // Reloads this login step without the used code, then goes on with "password" or "provider:<alias>".
    function reloadFor(next) {
      var form = document.getElementById("kc-form-login");
      try {
        window.sessionStorage.setItem(STORAGE_KEY, next);
      } catch (e) {
        // storage may be disabled; the page then opens on its default tab
      }
      if (form) {
        var url = new URL(form.getAttribute("action"), window.location.href);
        url.searchParams.delete("session_code");
        window.location.assign(url.toString());
      } else {
        window.location.reload();
      }
    }

    function activate(tab, focus) {
      var name = tab.getAttribute("data-tab");
      if (name === "password" && qrUsedTheCode()) {
        reloadFor("password");
        return;
      }
      tabs.forEach(function (other) {
        var selected = other === tab;
        other.setAttribute("aria-selected", selected ? "true" : "false");
        other.setAttribute("tabindex", selected ? "0" : "-1");
        var panel = document.getElementById(other.getAttribute("aria-controls"));
        if (panel) {
          panel.hidden = !selected;
        }
      });
      if (name === "qr" && qrFrame && !qrFrame.getAttribute("src")) {
        qrFrame.setAttribute("src", qrFrame.getAttribute("data-src"));
      }
      try {
        window.sessionStorage.setItem(STORAGE_KEY, name);
      } catch (e) {
        // see above
      }
      if (focus) {
        tab.focus();
      }
    }

    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () {
        activate(tab, false);
      });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") {
          next = tabs[(index + 1) % tabs.length];
        } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
          next = tabs[(index - 1 + tabs.length) % tabs.length];
        } else if (event.key === "Home") {
          next = tabs[0];
        } else if (event.key === "End") {
          next = tabs[tabs.length - 1];
        }
        if (next) {
          event.preventDefault();
          activate(next, true);
        }
      });
    });

    // The first tab: the default, unless the person just chose the password tab (see reloadFor) or the QR frame's
    // Retry asked for the QR tab again. The QR frame gets its src only here, so that choosing the password tab never
    // loads it behind the person's back.
    var remembered = null;
    try {
      remembered = window.sessionStorage.getItem(STORAGE_KEY);
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      remembered = null;
    }
    var first = tabs.filter(function (tab) {
      return tab.getAttribute("aria-selected") === "true";
    })[0] || tabs[0];
    if ((remembered === "password" || remembered === "qr") && document.getElementById("wechat-tab-" + remembered)) {
      first = document.getElementById("wechat-tab-" + remembered);
    }
    // The other providers' buttons carry the same one-time code: after the QR was shown, reload first, then follow.
    var providerLinks = Array.prototype.slice.call(document.querySelectorAll("a[id^='social-']"));
    var chosen = remembered && remembered.indexOf("provider:") === 0
        ? document.getElementById("social-" + remembered.substring("provider:".length)) : null;
    if (chosen) {
      window.location.assign(chosen.getAttribute("href"));
      return;
    }
    providerLinks.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (qrUsedTheCode()) {
          event.preventDefault();
          reloadFor("provider:" + link.id.substring("social-".length));
        }
      });
    });
    activate(first, false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
