// Starts Blazor, and keeps the page's live status and reply drafts. Blazor tells #components-reconnect-modal how its
// connection is doing; this turns that into html[data-live] (which app.css uses to stop the indicator saying "Live")
// and keeps what is typed in a [data-draft-key] box in browser storage, so a reply survives a lost connection and the
// reload that may follow.
(() => {
    const root = document.documentElement;
    const banner = document.getElementById("components-reconnect-modal");
    const text = document.getElementById("components-reconnect-text");
    const draftPrefix = "rapport.draft.";

    const store = (key, value) => {
        try {
            if (value) localStorage.setItem(draftPrefix + key, value); else localStorage.removeItem(draftPrefix + key);
        } catch { /* storage blocked or full: the draft is simply not kept */ }
    };

    window.rapportDrafts = {
        restore: key => { try { return localStorage.getItem(draftPrefix + key); } catch { return null; } },
        forget: key => store(key, null),
    };

    // A page shown before it is interactive: its fields are replaced by the interactive page's, with focus, so what is
    // typed into them after that moment goes nowhere. They take no typing until then (the page replaces them; should
    // it keep one, the field is given back as it was).
    const waiting = [...document.querySelectorAll("[data-not-yet-live] :is(textarea, input:not([type=hidden], [type=checkbox], [type=radio], [type=button], [type=submit]))")]
        .filter(field => !field.readOnly);
    if (waiting.length > 0) {
        waiting.forEach(field => field.readOnly = true);
        new MutationObserver((_, observer) => {
            if (!document.getElementById("rapport-interactive")) return;
            waiting.forEach(field => field.readOnly = false);
            observer.disconnect();
        }).observe(document.body, { childList: true, subtree: true });
    }

    // Captured on the document, so typing is kept even while the server cannot hear it.
    document.addEventListener("input", e => {
        const box = e.target;
        const holder = box instanceof Element ? box.closest("[data-draft-key]") : null;
        if (holder && "value" in box) store(holder.dataset.draftKey, box.value);
    }, true);

    const show = (state, message) => {
        if (state) root.dataset.live = state; else delete root.dataset.live;
        if (text && message) text.textContent = message;
    };

    banner?.addEventListener("components-reconnect-state-changed", e => {
        switch (e.detail.state) {
            case "show":
            case "retrying":
                show("reconnecting", "Connection to the server lost: reconnecting… Not live meanwhile; what you type is kept.");
                break;
            case "hide":
                show(null);
                break;
            case "rejected":
                // The server no longer knows this page (it restarted, or another node answered): load it afresh.
                show("lost", "The server restarted: reloading the page. What you typed is kept.");
                location.reload();
                break;
            default: // failed, paused, resume-failed
                show("lost", "Connection to the server lost. Not live: new messages will not appear.");
                break;
        }
    });

    // A live indicator still drawn as it was prerendered: this page's live connection never came up.
    const neverConnected = () => document.querySelector(".live-indicator:not([data-interactive])") !== null;

    document.getElementById("components-reconnect-retry")?.addEventListener("click", async () => {
        if (neverConnected()) {
            location.reload(); // there is no circuit to reconnect to: start one afresh
            return;
        }

        try {
            if (!(await Blazor.reconnect())) location.reload();
        } catch {
            show("lost", "Still no connection to the server. Try again in a moment.");
        }
    });

    // Blazor (loaded with autostart="false") starts here, as it would by itself, except that it is told the server
    // circuit's JavaScript initializers instead of fetching /_blazor/initializers before it connects: one round trip
    // fewer on every page load. No library in the app ships a *.lib.module.js, so the list is empty; InitializersTests
    // fails if one ever does (it would then be ignored here, and this must list it or go back to fetching).
    // It also opens the circuit's WebSocket straight away instead of first asking /_blazor/negotiate which transports
    // the server offers (always WebSockets here): another round trip fewer before the page is live. Where WebSockets
    // cannot get through (a proxy that does not pass them), the page's first socket fails before it opens while plain
    // requests still reach the server; this browser then remembers to negotiate, which falls back to long polling, and
    // the page loads once more to do so. A socket that opens after negotiating shows WebSockets get through again, and
    // the browser goes back to skipping. A server that does not answer at all is not a reason: the banner below says so.
    const negotiateKey = "rapport.negotiate";
    let negotiate;
    try { negotiate = localStorage.getItem(negotiateKey) === "1"; } catch { negotiate = true; /* nowhere to remember a fallback */ }
    let socketOpened = false;
    const fallBack = async () => {
        try {
            const answer = await fetch("_blazor/negotiate?negotiateVersion=1", { method: "POST", cache: "no-store" });
            if (!answer.ok) return;
            localStorage.setItem(negotiateKey, "1");
        } catch {
            return; // the server is unreachable, or storage is blocked: no reason to negotiate, or no way to remember it
        }
        location.reload();
    };
    class WatchedSocket extends WebSocket {
        constructor(...args) {
            super(...args);
            this.addEventListener("open", () => {
                socketOpened = true;
                if (negotiate) try { localStorage.removeItem(negotiateKey); } catch { /* kept: still works, one round trip slower */ }
            });
            this.addEventListener("close", () => {
                if (!socketOpened && !negotiate) fallBack();
            });
        }
    }
    const configureSignalR = builder => builder.withUrl("_blazor",
        negotiate ? { WebSocket: WatchedSocket } : { skipNegotiation: true, transport: 1 /* WebSockets */, WebSocket: WatchedSocket });
    Blazor.start({ circuit: { initializers: { beforeStart: [], afterStarted: [] }, configureSignalR } });

    // A page whose live connection never came up (e.g. a proxy sending its requests to different nodes) never hears
    // "show": after a while, an indicator that is still not interactive says so, and the banner offers a retry.
    setTimeout(() => {
        if (neverConnected()) {
            root.dataset.liveStart = "failed";
            if (text) text.textContent =
                "This page could not connect to the server. Not live: new messages will not appear. Retry, and tell your administrator if it keeps happening.";
        }
    }, 10000);
})();
