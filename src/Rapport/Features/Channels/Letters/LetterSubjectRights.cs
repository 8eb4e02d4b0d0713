using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Privacy;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Letters;

/// <summary>
/// Letters in subject rights (C22): the letters' own details (the texts and scans are messages and attachments, exported
/// and erased with them). Erasure removes the reference and the address a letter was posted to, and keeps dates,
/// direction, large print and who posted it, as it keeps a message's when and which way.
/// </summary>
internal sealed class LetterSubjectRights(RapportDbContext db) : ISubjectRightsParticipant
{
    public string Section => "letters";

    public async Task WriteDataAsync(Utf8JsonWriter json, JsonSerializerOptions options, SubjectRecords subject, CancellationToken ct) =>
        JsonSerializer.Serialize(json, await ReadAsync(subject, ct), options);

    public async Task WriteReportAsync(SubjectAccessHtml html, SubjectRecords subject, CancellationToken ct)
    {
        var letters = await ReadAsync(subject, ct);
        await html.HeadingAsync("Letters");
        await html.TableAsync(["Written", "Which way", "Received on", "Dated", "Reference", "Posted", "Posted to"], letters.Select(l => new[]
        {
            SubjectAccessHtml.Time(l.CreatedAt), l.Direction.ToString(), l.ReceivedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), l.DatedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), l.Reference,
            SubjectAccessHtml.Time(l.PostedAt), l.PostalAddress,
        }));
    }

    public Task<IReadOnlyList<Guid>> AuditSubjectIdsAsync(SubjectRecords subject, CancellationToken ct) => Task.FromResult<IReadOnlyList<Guid>>([]);

    public Task<int> EraseAsync(SubjectRecords subject, CancellationToken ct) =>
        db.Set<Letter>().Where(l => subject.ConversationIds.Contains(l.ConversationId))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Reference, (string?)null).SetProperty(l => l.PostalAddress, (string?)null), ct);

    private Task<List<Letter>> ReadAsync(SubjectRecords subject, CancellationToken ct) =>
        db.Set<Letter>().AsNoTracking().Where(l => subject.ConversationIds.Contains(l.ConversationId)).OrderBy(l => l.CreatedAt).ToListAsync(ct);
}
