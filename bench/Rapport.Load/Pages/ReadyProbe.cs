using System.Text.Json;

namespace Rapport.Load.Pages;

/// <summary>
/// A script added to every page before the app's own, so it watches the document from its first byte. A page counts as
/// ready at the first DOM change after which both hold: the Blazor circuit is up (the layout renders
/// <c>#rapport-interactive</c> only when interactive, the element browser tests wait for) and the current route's ready
/// element exists and was not on screen before the measurement began. It then records the next animation frame, the
/// one that paints it. Times are the page's own clock (<c>performance.now()</c>, 0 at navigation start).
/// </summary>
internal static class ReadyProbe
{
    public static string Script(IEnumerable<PageTarget> targets)
    {
        var routes = JsonSerializer.Serialize(targets.Select(t => new { route = t.Route, ready = t.Ready }));
        return Template.Replace("__ROUTES__", routes, StringComparison.Ordinal);
    }

    /// <summary>Clicks <c>link</c> in the page's own clock, after marking every ready element now on screen as old.</summary>
    public const string Click = """
        (link) => {
          const a = document.querySelector(link);
          if (!a) return null;
          window.__rapportProbe.arm();
          a.click();
          return a.getAttribute('href');
        }
        """;

    public const string Done = "() => window.__rapportProbe.frame !== null";

    /// <summary>The probe's marks and the navigation's timing (ms from navigation start).</summary>
    public const string Read = """
        () => {
          const p = window.__rapportProbe;
          const n = performance.getEntriesByType('navigation')[0];
          return { t0: p.t0, ready: p.ready, frame: p.frame, marker: p.marker ?? -1, path: p.path,
                   responseStart: n ? n.responseStart : -1, domContentLoaded: p.domContentLoaded ?? -1, responseEnd: n ? n.responseEnd : -1,
                   socketNew: p.socketNew ?? -1, socketOpen: p.socketOpen ?? -1, socketFirst: p.socketFirst ?? -1, socketLast: p.socketLast ?? -1 };
        }
        """;

    /// <summary>Why a page is not ready: the circuit's marker, the path and how many of each ready element are on screen.</summary>
    public const string Diagnose = """
        (every) => 'path ' + location.pathname + ', circuit ' + (document.getElementById('rapport-interactive') !== null)
          + ', probe ' + JSON.stringify(window.__rapportProbe ?? null) + ', '
          + every.map(s => s + ' x' + document.querySelectorAll(s).length).join(', ')
        """;

    private const string Template = """
        (() => {
          const routes = __ROUTES__.map(r => ({ re: new RegExp(r.route), ready: r.ready }));
          const every = routes.map(r => r.ready).join(',');
          const p = window.__rapportProbe = { t0: 0, ready: null, frame: null, marker: null, path: null };
          const fresh = selector => Array.from(document.querySelectorAll(selector)).some(e => !e.__rapportOld);
          const check = () => {
            const marker = document.getElementById('rapport-interactive');
            if (marker && p.marker === null) p.marker = performance.now();
            if (p.ready !== null || !marker) return;
            const route = routes.find(r => r.re.test(location.pathname));
            if (!route || !fresh(route.ready)) return;
            p.ready = performance.now();
            p.path = location.pathname;
            requestAnimationFrame(() => { p.frame = performance.now(); });
          };
          p.arm = () => {
            document.querySelectorAll(every).forEach(e => { e.__rapportOld = true; });
            p.ready = null; p.frame = null; p.path = null;
            p.t0 = performance.now();
          };
          new MutationObserver(check).observe(document, { childList: true, subtree: true });
          // When the circuit's socket opened and its first and latest messages came: where a full load's time goes.
          const Socket = window.WebSocket;
          window.WebSocket = class extends Socket {
            constructor(...args) {
              super(...args);
              p.socketNew ??= performance.now();
              this.addEventListener('open', () => { p.socketOpen ??= performance.now(); });
              this.addEventListener('message', () => { p.socketFirst ??= performance.now(); if (p.ready === null) p.socketLast = performance.now(); });
            }
          };
          document.addEventListener('DOMContentLoaded', () => { p.domContentLoaded = performance.now(); });
        })();
        """;
}
