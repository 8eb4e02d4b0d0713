/* Rapport chat: the panel a visitor chats in. Loaded by widget.js when the launcher is first clicked. No dependencies. */
(function () {
  "use strict";
  var s = {}; // state
  var MAX_TEXT = 4000;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) { e.setAttribute(k, attrs[k]); }
    if (text != null) { e.textContent = text; }
    return e;
  }

  function api(method, path, body) {
    var form = typeof FormData !== "undefined" && body instanceof FormData;
    var headers = form ? {} : { "Content-Type": "application/json" };
    if (s.token) { headers.Authorization = "Bearer " + s.token; }
    return fetch(s.base + path, { method: method, headers: headers, body: form ? body : body ? JSON.stringify(body) : undefined, mode: "cors", credentials: "omit" })
      .then(function (r) {
        if (r.status === 204) { return null; }
        return r.json().catch(function () { return {}; }).then(function (b) {
          if (!r.ok) {
            var why = (b.title || ("HTTP " + r.status)) + (b.detail ? " " + b.detail : "");
            if (b.errors) { for (var f in b.errors) { why += " " + b.errors[f].join(" "); } }
            var err = new Error(why); err.status = r.status; throw err;
          }
          return b;
        });
      });
  }

  function size(n) {
    return n < 1024 ? n + " bytes" : n < 1048576 ? (n / 1024).toFixed(0) + " KB" : (n / 1048576).toFixed(1) + " MB";
  }

  // The file comes with the visitor's token, so it is fetched and handed over from memory rather than linked.
  function download(f) {
    fetch(s.base + f.url, { headers: { Authorization: "Bearer " + s.token }, mode: "cors", credentials: "omit" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.blob(); })
      .then(function (b) {
        var u = URL.createObjectURL(b), a = el("a", { href: u, download: f.name });
        s.root.appendChild(a); a.click(); a.remove();
        setTimeout(function () { URL.revokeObjectURL(u); }, 10000);
      })
      .catch(function (e) { s.error.textContent = "Could not download " + f.name + ": " + e.message; });
  }

  function id() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "m" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  // Text only, never HTML: http(s) links become links that open apart from the page; everything else stays text.
  function render(text, into) {
    var re = /\bhttps?:\/\/[^\s<>"']+/gi, last = 0, m;
    while ((m = re.exec(text)) !== null) {
      var url = m[0].replace(/[.,;:!?)\]]+$/, "");
      into.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow ugc" }, url);
      into.appendChild(a);
      last = m.index + url.length;
      re.lastIndex = last;
    }
    into.appendChild(document.createTextNode(text.slice(last)));
  }

  var CSS =
    ".panel{position:fixed;right:16px;bottom:84px;z-index:2147483000;width:min(380px,calc(100vw - 16px));height:min(560px,calc(100vh - 100px));" +
    "display:flex;flex-direction:column;background:#fff;color:#1a1a1a;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.3);" +
    "font:16px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;overflow:hidden;transition:opacity .15s}" +
    "@media (max-width:420px){.panel{right:8px;left:8px;width:auto;bottom:80px}}" +
    "@media (prefers-reduced-motion:reduce){.panel{transition:none}}" +
    ".panel[hidden]{display:none}" +
    "header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;color:#fff;background:var(--accent)}" +
    "header h2{margin:0;font-size:1.05em}" +
    "button{font:inherit;cursor:pointer}" +
    "button:focus-visible,textarea:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}" +
    ".close{background:transparent;border:0;color:#fff;font-size:1.4em;line-height:1;padding:2px 8px}" +
    ".status{padding:8px 14px;background:#f3f4f6;font-size:.9em}" +
    ".log{flex:1;overflow-y:auto;padding:10px 12px;display:flex;flex-direction:column;gap:8px}" +
    ".msg{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}" +
    ".msg.visitor{align-self:flex-end;background:var(--accent);color:#fff}" +
    ".msg.visitor a{color:#fff}" +
    ".msg.agent{align-self:flex-start;background:#eef0f3}" +
    ".meta{display:block;font-size:.75em;opacity:.85;margin-top:2px}" +
    ".typing{min-height:1.3em;padding:0 14px;font-size:.85em;color:#444}" +
    "form{display:flex;flex-direction:column;gap:6px;padding:10px 12px;border-top:1px solid #e2e4e8}" +
    "label{font-size:.85em;color:#333}" +
    "textarea,input{font:inherit;border:1px solid #8a8f98;border-radius:8px;padding:8px;resize:none;width:100%;box-sizing:border-box}" +
    ".row{display:flex;gap:8px;align-items:flex-end}" +
    ".send{background:var(--accent);color:#fff;border:0;border-radius:8px;padding:9px 14px}" +
    ".attach{background:#fff;border:1px solid #8a8f98;border-radius:8px;padding:8px 10px}" +
    ".file{display:block;margin-top:4px;background:rgba(255,255,255,.9);color:#1b4f8a;border:1px solid #8a8f98;border-radius:6px;padding:3px 8px;text-align:left}" +
    ".link{background:none;border:0;color:#1b4f8a;text-decoration:underline;padding:0;font-size:.85em;align-self:flex-start}" +
    ".error{color:#a4000f;font-size:.85em}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";

  function build() {
    var root = s.root;
    var style = el("style"); style.textContent = CSS; root.appendChild(style);
    var panel = el("section", { "class": "panel", role: "dialog", "aria-label": "Chat with " + s.config.name, "aria-modal": "false" });
    panel.style.setProperty("--accent", s.config.accentColour);
    var header = el("header");
    header.appendChild(el("h2", {}, s.config.name));
    var close = el("button", { type: "button", "class": "close", "aria-label": "Close the chat" }, "\u00d7");
    close.addEventListener("click", hide);
    header.appendChild(close);
    panel.appendChild(header);
    s.status = el("p", { "class": "status" });
    panel.appendChild(s.status);
    s.log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": "Messages", tabindex: "0" });
    panel.appendChild(s.log);
    s.typing = el("p", { "class": "typing", "aria-live": "polite" });
    panel.appendChild(s.typing);
    s.form = el("form", { "aria-label": "Send a message" });
    panel.appendChild(s.form);
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
    root.appendChild(panel);
    s.panel = panel;
  }

  function field(label, input) {
    var fid = "rc-" + id();
    input.id = fid;
    var wrap = el("div");
    wrap.appendChild(el("label", { "for": fid }, label));
    wrap.appendChild(input);
    return wrap;
  }

  function chatForm() {
    var f = s.form; f.textContent = "";
    s.error = el("p", { "class": "error", role: "alert" });
    var who = el("button", { type: "button", "class": "link" }, s.visitor.email ? "Your details" : "Tell us who you are (optional)");
    var details = el("div"); details.hidden = true;
    var name = el("input", { type: "text", autocomplete: "name", maxlength: "200" }); name.value = s.visitor.name || "";
    var email = el("input", { type: "email", autocomplete: "email", maxlength: "320" }); email.value = s.visitor.email || "";
    var save = el("button", { type: "button", "class": "send" }, "Save details");
    details.appendChild(field("Your name", name));
    details.appendChild(field("Your email", email));
    details.appendChild(save);
    who.addEventListener("click", function () { details.hidden = !details.hidden; if (!details.hidden) { name.focus(); } });
    save.addEventListener("click", function () {
      api("PUT", "/chat/v1/visitor", { name: name.value, email: email.value }).then(function (v) {
        s.visitor.name = v.name; s.visitor.email = v.email; details.hidden = true; s.error.textContent = ""; who.textContent = "Your details"; who.focus();
      }).catch(function (e) { s.error.textContent = e.message; });
    });
    var text = el("textarea", { rows: "2", maxlength: String(MAX_TEXT) });
    var row = el("div", { "class": "row" });
    var tf = field("Your message", text); tf.style.flex = "1";
    row.appendChild(tf);
    var picker = el("input", { type: "file", "class": "sr", tabindex: "-1", "aria-hidden": "true" });
    var attach = el("button", { type: "button", "class": "attach", "aria-label": "Attach a file" });
    // An SVG, not an emoji: a browser without an emoji font would draw an empty box.
    attach.innerHTML = '<svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" '
      + 'stroke-linecap="round" d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.3 3.3 0 0 1 4.7 4.7l-9 9a1.7 1.7 0 0 1-2.4-2.4l8.3-8.3"/></svg>';
    attach.addEventListener("click", function () { picker.click(); });
    picker.addEventListener("change", function () {
      if (picker.files && picker.files[0]) { sendFile(picker.files[0], text); }
      picker.value = "";
    });
    row.appendChild(attach); row.appendChild(picker);
    var send = el("button", { type: "submit", "class": "send" }, "Send");
    row.appendChild(send);
    var mail = el("button", { type: "button", "class": "link" }, "Email me this chat");
    var mailBox = el("div"); mailBox.hidden = true;
    var mailTo = el("input", { type: "email", autocomplete: "email", maxlength: "320" });
    var mailSend = el("button", { type: "button", "class": "send" }, "Send the chat");
    mailBox.appendChild(field("Send the chat to", mailTo)); mailBox.appendChild(mailSend);
    mail.addEventListener("click", function () { mailTo.value = s.visitor.email || ""; mailBox.hidden = !mailBox.hidden; if (!mailBox.hidden) { mailTo.focus(); } });
    mailSend.addEventListener("click", function () {
      api("POST", "/chat/v1/transcript", { email: mailTo.value }).then(function (r) {
        mailBox.hidden = true; s.error.textContent = ""; s.status.textContent = "We have emailed this chat to " + r.email + "."; mail.focus();
      }).catch(function (e) { s.error.textContent = e.message; });
    });
    f.appendChild(who); f.appendChild(details); f.appendChild(mail); f.appendChild(mailBox); f.appendChild(row); f.appendChild(s.error);
    text.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); f.requestSubmit ? f.requestSubmit() : submit(); }
    });
    text.addEventListener("input", typing);
    function submit() {
      var value = text.value.trim();
      if (!value) { return; }
      text.value = "";
      sendMessage(value);
    }
    f.onsubmit = function (e) { e.preventDefault(); submit(); };
    s.input = text;
  }

  function offlineForm() {
    var f = s.form; f.textContent = "";
    s.error = el("p", { "class": "error", role: "alert" });
    var name = el("input", { type: "text", autocomplete: "name", maxlength: "200" }); name.value = s.visitor.name || "";
    var email = el("input", { type: "email", autocomplete: "email", required: "", maxlength: "320" }); email.value = s.visitor.email || "";
    var text = el("textarea", { rows: "3", required: "", maxlength: String(MAX_TEXT) });
    f.appendChild(field("Your name", name));
    f.appendChild(field("Your email (we reply to it)", email));
    f.appendChild(field("Your message", text));
    f.appendChild(el("button", { type: "submit", "class": "send" }, "Leave a message"));
    f.appendChild(s.error);
    f.onsubmit = function (e) {
      e.preventDefault();
      var body = { clientMessageId: id(), name: name.value, email: email.value, text: text.value };
      api("POST", "/chat/v1/offline-messages", body).then(function () {
        f.textContent = "";
        var done = el("p", { role: "status" }, "Thank you. We will reply to " + email.value + " by email.");
        f.appendChild(done);
        s.visitor.email = email.value;
      }).catch(function (err) { s.error.textContent = err.message; });
    };
    s.input = name;
  }

  // --- messages ---
  function show(m) {
    var key = m.clientMessageId || m.id;
    var node = s.nodes[key] || (m.id && s.nodes[m.id]);
    if (!node) {
      node = el("div", { "class": "msg " + m.from });
      s.nodes[key] = node;
      if (m.id) { s.nodes[m.id] = node; }
      s.log.appendChild(node);
    }
    node.textContent = "";
    var who = el("span", { "class": "sr" }, m.from === "agent" ? (m.agentName || "Agent") + " says: " : "You said: ");
    node.appendChild(who);
    render(m.text, node);
    (m.files || []).forEach(function (f) {
      var label = f.name + " (" + size(f.size) + ")";
      if (f.url) {
        var b = el("button", { type: "button", "class": "file", "aria-label": "Download " + label }, "\u2b07 " + label);
        b.addEventListener("click", function () { download(f); });
        node.appendChild(b);
      } else {
        // Only a stored message without its file says so; the copy shown while sending has no link yet.
        node.appendChild(el("span", { "class": "meta" }, label + (m.id ? " \u2014 not kept" : "")));
      }
    });
    var state = m.from === "visitor" ? (m.pending ? (m.gaveUp ? "Not sent" : m.failed ? "Not sent \u2014 retrying" : "Sending\u2026") : "Sent") : (m.agentName || "");
    node.appendChild(el("span", { "class": "meta" }, state));
    s.log.scrollTop = s.log.scrollHeight;
  }

  function take(feed) {
    var newest = null;
    (feed.messages || []).forEach(function (m) {
      if (s.seen[m.id]) { return; }
      s.seen[m.id] = true;
      // The stored message replaces the one shown while sending; the sender's own answer, if it comes after, must not
      // put the unstored copy back.
      if (m.clientMessageId) { delete s.pending[m.clientMessageId]; s.seen[m.clientMessageId] = true; }
      show(m);
      if (m.from === "agent") { newest = m.id; }
    });
    if (feed.cursor && (!s.cursor || feed.cursor > s.cursor) && (feed.messages || []).length) { s.cursor = feed.cursor; }
    s.typing.textContent = feed.agentTyping ? feed.agentTyping + " is typing\u2026" : "";
    if (newest) { s.unread = newest; markRead(); }
  }

  function markRead() {
    if (!s.unread || s.panel.hidden || document.visibilityState !== "visible") { return; }
    var upTo = s.unread; s.unread = null;
    if (s.ws && s.ws.readyState === 1) { s.ws.send(JSON.stringify({ type: "read", upTo: upTo })); }
    else { api("POST", "/chat/v1/read", { upTo: upTo }).catch(function () {}); }
  }

  function sendMessage(text) {
    var m = { clientMessageId: id(), from: "visitor", text: text, pending: true };
    s.pending[m.clientMessageId] = m;
    show(m);
    deliver(m, 0);
  }

  // A resend carries the same id, so a message that did arrive before the connection dropped is stored once.
  function deliver(m, attempt) {
    api("POST", "/chat/v1/messages", { clientMessageId: m.clientMessageId, text: m.text }).then(function () {
      m.pending = false; m.failed = false; if (!s.seen[m.clientMessageId]) { show(m); }
    }).catch(function (e) {
      if (e.status && e.status < 500 && e.status !== 429) { m.failed = m.gaveUp = true; show(m); s.error.textContent = e.message; return; }
      m.failed = true; show(m);
      setTimeout(function () { deliver(m, attempt + 1); }, Math.min(30000, 1000 * Math.pow(2, attempt)));
    });
  }

  // A file (and whatever is in the box, as its caption) goes as one message; a file over the limit is refused before upload.
  function sendFile(file, box) {
    if (s.config.maxFileBytes && file.size > s.config.maxFileBytes) {
      s.error.textContent = file.name + " is " + size(file.size) + "; files can be at most " + size(s.config.maxFileBytes) + ".";
      return;
    }
    var caption = box.value.trim(); box.value = "";
    var m = { clientMessageId: id(), from: "visitor", text: caption || "Sent a file: " + file.name, pending: true, files: [{ name: file.name, size: file.size }] };
    s.pending[m.clientMessageId] = m;
    show(m);
    var data = new FormData();
    data.append("clientMessageId", m.clientMessageId);
    if (caption) { data.append("text", caption); }
    data.append("file", file, file.name);
    api("POST", "/chat/v1/files", data).then(function () {
      m.pending = false; m.failed = false; s.error.textContent = ""; if (!s.seen[m.clientMessageId]) { show(m); }
    }).catch(function (e) { m.failed = m.gaveUp = true; show(m); s.error.textContent = e.message; });
  }

  var lastTyping = 0;
  function typing() {
    var now = Date.now();
    if (now - lastTyping < 2000) { return; }
    lastTyping = now;
    if (s.ws && s.ws.readyState === 1) { s.ws.send(JSON.stringify({ type: "typing" })); }
    else { api("POST", "/chat/v1/typing").catch(function () {}); }
  }

  // --- live line: WebSocket, else long polling ---
  function connect() {
    if (s.fallback || !window.WebSocket) { poll(); return; }
    var opened = false;
    var ws = new WebSocket(s.base.replace(/^http/, "ws") + "/chat/v1/socket");
    s.ws = ws;
    ws.onopen = function () { opened = true; s.failures = 0; ws.send(JSON.stringify({ type: "hello", token: s.token, after: s.cursor || null })); };
    ws.onmessage = function (e) {
      var frame = JSON.parse(e.data);
      if (frame.type === "feed") { take(frame); }
      else if (frame.type === "error") { console.error("Rapport chat: " + frame.detail); }
    };
    ws.onclose = function () {
      s.ws = null;
      if (!opened) { s.failures = (s.failures || 0) + 1; }
      if (s.failures >= 2) { s.fallback = true; poll(); return; }
      setTimeout(connect, opened ? 1000 : 3000);
    };
  }

  function poll() {
    if (s.polling) { return; }
    s.polling = true;
    (function next() {
      var q = "/chat/v1/messages?wait=25" + (s.cursor ? "&after=" + encodeURIComponent(s.cursor) : "");
      api("GET", q).then(function (feed) { take(feed); setTimeout(next, 50); })
        .catch(function () { setTimeout(next, 3000); });
    })();
  }

  function showStatus() {
    if (s.config.open) {
      s.status.textContent = s.config.greeting;
    } else {
      var when = s.config.opensAt ? " We open again " + new Date(s.config.opensAt).toLocaleString() + "." : "";
      s.status.textContent = s.config.offlineGreeting + when;
    }
  }

  function hide() {
    s.panel.hidden = true;
    s.launcher.setAttribute("aria-expanded", "false");
    s.launcher.focus();
  }

  function open() {
    s.panel.hidden = false;
    s.launcher.setAttribute("aria-expanded", "true");
    if (s.input) { s.input.focus(); }
    markRead();
  }

  window.RapportChat = {
    start: function (options) {
      s.base = options.base; s.site = options.site; s.config = options.config; s.root = options.root; s.launcher = options.launcher;
      s.nodes = {}; s.seen = {}; s.pending = {};
      var key = "rapport-chat:" + s.site;
      var saved = null;
      try { saved = localStorage.getItem(key); } catch (e) { saved = null; }
      build();
      showStatus();
      open();
      api("POST", "/chat/v1/sites/" + encodeURIComponent(s.site) + "/visitors", { token: saved }).then(function (v) {
        s.token = v.token;
        try { localStorage.setItem(key, v.token); } catch (e) { /* private mode: the chat lasts this page */ }
        s.visitor = { name: v.name, email: v.email };
        s.config = Object.assign(s.config, v.site);
        showStatus();
        if (s.config.open) { chatForm(); } else { offlineForm(); }
        if (!s.panel.hidden && s.input) { s.input.focus(); }
        connect();
      }).catch(function (e) {
        s.status.textContent = "The chat is not available right now.";
        console.error("Rapport chat: " + e.message);
      });
      document.addEventListener("visibilitychange", markRead);
    },
    toggle: function () { if (s.panel.hidden) { open(); } else { hide(); } }
  };
})();
