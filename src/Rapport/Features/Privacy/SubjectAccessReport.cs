using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>
/// The readable half of a subject-access export: one self-contained HTML page (inline styles, no scripts, no outside
/// references), every value HTML-encoded, message bodies shown as text (never the stored HTML), files linked by their
/// place in the ZIP.
/// </summary>
internal static class SubjectAccessReport
{
    private const string Style = """
        body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
        h1,h2,h3{line-height:1.2}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
        th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
        .msg{border-left:3px solid #888;padding:.2rem .8rem;margin:.6rem 0}.inbound{border-color:#2b6cb0}.note{border-color:#b7791f}
        .meta{color:#555;font-size:.9em}pre{white-space:pre-wrap;font:inherit;margin:.3rem 0}
        """;

    public static async Task WriteAsync(RapportDbContext db, SubjectAccessExport.Scope scope, IEnumerable<ISubjectRightsParticipant> sections, Stream entry,
        CancellationToken ct)
    {
        await using var w = new StreamWriter(entry, new UTF8Encoding(false), 64 * 1024);
        var customers = await db.Customers.AsNoTracking().Where(c => scope.CustomerIds.Contains(c.Id))
            .Include(c => c.ContactPoints).Include(c => c.Notes).Include(c => c.ConfidentialDetails).AsSplitQuery().ToListAsync(ct);
        var main = customers.First(c => c.Id == scope.CustomerId);
        await w.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Data held about {E(main.Name)}</title>
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'">
            <style>{Style}</style></head><body>
            <h1>Data held about {E(main.Name)}</h1>
            <p class="meta">Subject-access export made {E(Time(db.Audit.Time.GetUtcNow().UtcDateTime))} UTC. The same data, every stored field,
            is in <code>data.json</code>; attachments and emails as received are in <code>files/</code>.</p>
            """);

        foreach (var c in customers)
        {
            await w.WriteAsync($"<h2>Customer record{(c.Id == scope.CustomerId ? "" : " (merged into this one)")}</h2><table>");
            await Row(w, "Name", c.Name);
            await Row(w, "Organisation", c.Organisation);
            await Row(w, "Kind", $"{c.Type}, {c.Kind}");
            await Row(w, "Customer since", Time(c.CustomerSince));
            await Row(w, "Last contact", c.LastContactAt is { } at ? Time(at) : null);
            await Row(w, "Preferred channel", c.Profile.PreferredChannel.ToString());
            await Row(w, "Preferred times", c.Profile.PreferredTimes);
            await Row(w, "Language", c.Profile.Language);
            await Row(w, "Style and technical awareness", $"{c.Profile.Style}, {c.Profile.TechnicalAwareness}");
            await Row(w, "Accessibility needs", c.Profile.OtherAccessibilityNeeds);
            await w.WriteAsync("</table><h3>Contact points</h3><table><tr><th>Type</th><th>Value</th><th>Label</th></tr>");
            foreach (var p in c.ContactPoints)
            {
                await w.WriteAsync($"<tr><td>{E(p.Type.ToString())}</td><td>{E(p.Value)}</td><td>{E(p.Label)}</td></tr>");
            }

            await w.WriteAsync("</table><h3>Notes</h3>");
            foreach (var n in c.Notes.OrderBy(n => n.CreatedAt))
            {
                await w.WriteAsync($"""<div class="msg note"><div class="meta">{E(Time(n.CreatedAt))} · {E(n.AuthorName)}</div><pre>{E(n.Body)}</pre></div>""");
            }

            await w.WriteAsync("<h3>Confidential details</h3><table><tr><th>Label</th><th>Value</th><th>Level</th></tr>");
            foreach (var d in c.ConfidentialDetails)
            {
                await w.WriteAsync($"<tr><td>{E(d.Label)}</td><td>{E(d.Value)}</td><td>{E(d.Level.ToString())}</td></tr>");
            }

            await w.WriteAsync("</table>");
        }

        await CasesAsync(db, scope, w, ct);
        var html = new SubjectAccessHtml(w);
        foreach (var section in sections)
        {
            await section.WriteReportAsync(html, scope.Records, ct);
        }

        await ConversationsAsync(db, scope, w, ct);
        await w.WriteAsync("<p class=\"meta\">The record of who did what with this data (audit entries) is in <code>data.json</code>.</p></body></html>");
        await w.FlushAsync(ct);
    }

    private static async Task CasesAsync(RapportDbContext db, SubjectAccessExport.Scope scope, StreamWriter w, CancellationToken ct)
    {
        await w.WriteAsync("<h2>Cases</h2><table><tr><th>Number</th><th>Title</th><th>Kind</th><th>Status</th><th>Opened</th><th>Requirement</th></tr>");
        foreach (var chunk in scope.CaseIds.Chunk(200))
        {
            foreach (var c in await db.Cases.AsNoTracking().Where(c => chunk.Contains(c.Id)).OrderBy(c => c.Number).ToListAsync(ct))
            {
                await w.WriteAsync($"<tr><td>{c.Number}</td><td>{E(c.Title)}</td><td>{E(c.Kind)}</td><td>{E(c.Status.ToString())}</td><td>{E(Time(c.CreatedAt))}</td><td>{E(c.Requirement)}</td></tr>");
            }
        }

        await w.WriteAsync("</table><h2>Promises made to them</h2><table><tr><th>What</th><th>Due</th><th>Status</th></tr>");
        foreach (var p in await db.Set<Promise>().AsNoTracking().Where(p => scope.PromiseIds.Contains(p.Id)).OrderBy(p => p.DueAt).ToListAsync(ct))
        {
            await w.WriteAsync($"<tr><td>{E(p.What)}</td><td>{E(Time(p.DueAt))}</td><td>{E(p.Status.ToString())}</td></tr>");
        }

        await w.WriteAsync("</table><h2>Referrals</h2><table><tr><th>When</th><th>To</th><th>Reason</th><th>Told the customer</th><th>Status</th></tr>");
        foreach (var r in await db.Referrals.AsNoTracking().Where(r => scope.ReferralIds.Contains(r.Id)).OrderBy(r => r.CreatedAt).ToListAsync(ct))
        {
            await w.WriteAsync($"<tr><td>{E(Time(r.CreatedAt))}</td><td>{E(r.ToName)}</td><td>{E(r.Reason)}</td><td>{E(r.CustomerMessage)}</td><td>{E(r.Status.ToString())}</td></tr>");
        }

        await w.WriteAsync("</table>");
    }

    private static async Task ConversationsAsync(RapportDbContext db, SubjectAccessExport.Scope scope, StreamWriter w, CancellationToken ct)
    {
        await w.WriteAsync("<h2>Conversations</h2>");
        foreach (var id in scope.ConversationIds)
        {
            var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == id, ct);
            var attachments = (await db.Attachments.AsNoTracking().Where(a => db.Messages.Any(m => m.Id == a.MessageId && m.ConversationId == id))
                .ToListAsync(ct)).ToLookup(a => a.MessageId);
            await w.WriteAsync($"<h3>{E(conversation.Subject)}</h3><p class=\"meta\">Started {E(Time(conversation.CreatedAt))} · {E(conversation.Status.ToString())}</p>");
            await foreach (var m in db.Messages.AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.At).ThenBy(m => m.Id).AsAsyncEnumerable().WithCancellation(ct))
            {
                var who = m.FromName is { Length: > 0 } name ? $"{name} <{m.From}>" : m.AuthorName ?? m.From;
                await w.WriteAsync($"""<div class="msg {m.Direction.ToString().ToLowerInvariant()}"><div class="meta">{E(Time(m.At))} · {E(m.Channel.ToString())} · {E(m.Direction.ToString())} · {E(who)}</div>""");
                if (m.Subject is { Length: > 0 } subject)
                {
                    await w.WriteAsync($"<strong>{E(subject)}</strong>");
                }

                await w.WriteAsync($"<pre>{E(m.Text)}</pre>");
                foreach (var a in attachments[m.Id])
                {
                    await w.WriteAsync(a.BlobRef is null
                        ? $"<div class=\"meta\">Attachment {E(a.FileName)} (not kept: {E(a.NotStoredReason)})</div>"
                        : $"<div class=\"meta\">Attachment <a href=\"{E(SubjectAccessExport.FilePath(a))}\">{E(a.FileName)}</a></div>");
                }

                if (m.RawRef is { } raw)
                {
                    await w.WriteAsync($"<div class=\"meta\"><a href=\"files/raw/{m.Id}{E(Path.GetExtension(raw))}\">As received</a></div>");
                }

                await w.WriteAsync("</div>");
            }
        }
    }

    private static async Task Row(StreamWriter w, string label, string? value) =>
        await w.WriteAsync($"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>");

    private static string E(string? value) => SubjectAccessHtml.E(value);

    private static string Time(DateTime t) => SubjectAccessHtml.Time(t);
}
