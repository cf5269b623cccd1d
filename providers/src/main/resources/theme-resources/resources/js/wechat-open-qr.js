// Shows WeChat's website-login panel (wxLogin.js, loaded just before this script). The panel navigates the top
// window to Keycloak's broker endpoint with the code, so the page around it moves on by itself.
(function () {
  "use strict";
  var box = document.getElementById("wechat-open");
  if (!box) {
    return;
  }
  if (typeof window.WxLogin !== "function") {
    document.getElementById("wechat-open-failed").hidden = false;
    box.setAttribute("data-state", "error");
    return;
  }
  new window.WxLogin({
    self_redirect: false,
    id: "wechat-open-panel",
    appid: box.getAttribute("data-appid"),
    scope: box.getAttribute("data-scope"),
    redirect_uri: encodeURIComponent(box.getAttribute("data-redirect-uri")),
    state: box.getAttribute("data-state-param"),
    lang: box.getAttribute("data-lang"),
    style: "black",
    href: ""
  });
})();
