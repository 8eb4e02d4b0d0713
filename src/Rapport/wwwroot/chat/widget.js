/* Rapport chat loader: draws the launcher, loads the chat itself only when the visitor opens it. No dependencies. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.RapportChatLoaded) { return; }
  window.RapportChatLoaded = true;
  var site = script.getAttribute("data-site");
  var base = new URL(script.src).origin;
  var fail = function (why) { console.error("Rapport chat: " + why); };
  if (!site) { fail("the script tag has no data-site attribute; copy the tag from Rapport's Chat sites page."); return; }

  fetch(base + "/chat/v1/sites/" + encodeURIComponent(site), { mode: "cors", credentials: "omit" })
    .then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) { throw new Error((body.title || ("HTTP " + r.status)) + " " + (body.detail || "")); }
        return body;
      });
    })
    .then(draw)
    .catch(function (e) {
      fail("the chat could not start on " + location.origin + ": " + e.message +
        (e instanceof TypeError ? " (is " + location.origin + " among the chat site's allowed origins?)" : ""));
    });

  function draw(config) {
    var host = document.createElement("div");
    host.setAttribute("data-rapport-chat", "");
    var root = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent =
      ":host{all:initial}" +
      ".launcher{position:fixed;right:16px;bottom:16px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;" +
      "background:" + config.accentColour + ";color:#fff;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer;display:flex;" +
      "align-items:center;justify-content:center}" +
      ".launcher:focus-visible{outline:3px solid #ffbf47;outline-offset:3px}" +
      ".launcher svg{width:28px;height:28px;fill:currentColor}";
    root.appendChild(style);
    var button = document.createElement("button");
    button.className = "launcher";
    button.type = "button";
    button.setAttribute("aria-label", "Chat with " + config.name);
    button.setAttribute("aria-expanded", "false");
    button.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
    root.appendChild(button);
    document.body.appendChild(host);

    var loading = null;
    button.addEventListener("click", function () {
      if (window.RapportChat) { window.RapportChat.toggle(); return; }
      if (loading) { return; }
      loading = document.createElement("script");
      loading.src = base + "/chat/chat-app.js";
      loading.async = true;
      loading.onload = function () { window.RapportChat.start({ base: base, site: site, config: config, root: root, launcher: button }); };
      loading.onerror = function () { loading = null; fail("the chat could not be loaded from " + base + "."); };
      document.head.appendChild(loading);
    });
  }
})();
