// What keyboard and screen reader users need that MudBlazor does not do by itself: dialogs named by their title,
// Escape closing the navigation drawer where it covers the page (a phone), focus back on the button that opened it,
// and the heading focused after a navigation without taking focus from a field being typed in.
(() => {
    const titleSelector = ".mud-dialog-title :is(h1, h2, h3, h4, h5, h6, .mud-typography)";

    // MudBlazor's role="dialog" box has no accessible name: a screen reader announced only "dialog".
    const nameDialogs = () => {
        for (const dialog of document.querySelectorAll('[role="dialog"]:not([aria-labelledby]):not([aria-label])')) {
            const title = dialog.querySelector(titleSelector);
            if (!title) continue;
            if (!title.id) title.id = `${dialog.id || "dialog"}-title`;
            dialog.setAttribute("aria-labelledby", title.id);
            // An overlay covers the rest of the page and takes its clicks: the dialog is modal.
            dialog.setAttribute("aria-modal", "true");
        }
    };
    new MutationObserver(nameDialogs).observe(document.body, { childList: true, subtree: true });
    nameDialogs();

    // After a navigation the page's heading takes focus (where a screen reader starts reading), unless someone is
    // already typing in a field of the page: that happens when a page shown before it is interactive is typed in.
    window.rapportFocusHeading = selector => {
        const active = document.activeElement;
        if (active?.matches("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return;
        const heading = document.querySelector(selector);
        if (!heading) return;
        if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
    };

    // Back to a field after a button or chip in it was used (a mention picked, a note added), with the caret at the end of
    // what it holds then. The call arrives a round trip late: if the person is already typing in it, leave the caret be,
    // or their next words land in the middle of what they typed.
    window.rapportFocusToEnd = selector => {
        const field = document.querySelector(selector);
        if (!field || document.activeElement === field) return;
        field.focus();
        const end = field.value.length;
        field.setSelectionRange(end, end);
    };

    document.addEventListener("keydown", e => {
        if (e.key !== "Escape" || e.defaultPrevented || document.querySelector('[role="dialog"]')) return;
        // Only where the drawer lies over the page (below MudBlazor's md breakpoint): beside the page it stays open.
        const overlay = document.querySelector(".mud-drawer-overlay--open");
        if (!overlay || getComputedStyle(overlay).display === "none") return;
        overlay.click();
        document.querySelector("[data-drawer-toggle]")?.focus();
    });
})();
