using Microsoft.EntityFrameworkCore;
using Rapport.Features.Organisation;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Templates;

/// <summary>
/// What every greeting is made of — the organisation's name and default language, and the greeting templates — read
/// once and kept until one of them changes: a returning-customer lookup (every contact, on every channel) otherwise
/// spent two of its three queries on them. A save that changes a template or the organisation's settings on this node
/// forgets them before and after it commits (<see cref="GreetingIngredientsInvalidation"/>) and tells the other nodes,
/// which forget them too; a node that lost the backplane for a while forgets them when listening resumes.
/// </summary>
public sealed class GreetingIngredients
{
    private const string Topic = "greeting-ingredients";

    private static readonly CompiledForEachModel<Func<RapportDbContext, CancellationToken, Task<OrganisationNaming?>>> Naming = new(() =>
        EF.CompileAsyncQuery((RapportDbContext db, CancellationToken ct) =>
            db.OrganisationSettings.AsNoTracking().Select(o => new OrganisationNaming(o.Name, o.DefaultLanguage)).FirstOrDefault()));

    private static readonly CompiledForEachModel<Func<RapportDbContext, IAsyncEnumerable<ReplyTemplate>>> Greetings = new(() =>
        EF.CompileAsyncQuery((RapportDbContext db) => db.Set<ReplyTemplate>().AsNoTracking()
            .Where(t => t.Purpose == TemplatePurpose.GreetingReturning || t.Purpose == TemplatePurpose.GreetingFirstContact)));

    private readonly ILiveBackplane backplane;
    private Snapshot? current;
    private long generation;

    public GreetingIngredients(ILiveBackplane backplane)
    {
        this.backplane = backplane;
        backplane.Received += signal =>
        {
            if (signal.Topic == Topic)
            {
                Forget();
            }
        };
        backplane.Resumed += Forget;
    }

    /// <summary>The organisation's name and default language, and the greeting templates of <paramref name="purpose"/>.</summary>
    public async Task<(string OrganisationName, string DefaultLanguage, IReadOnlyList<ReplyTemplate> Templates)> ForAsync(RapportDbContext db,
        TemplatePurpose purpose, CancellationToken ct)
    {
        var snapshot = Volatile.Read(ref current) ?? await LoadAsync(db, ct);
        return (snapshot.OrganisationName, snapshot.DefaultLanguage, purpose == TemplatePurpose.GreetingReturning ? snapshot.Returning : snapshot.FirstContact);
    }

    /// <summary>Drops what is kept; the next greeting reads it again.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref generation);
        Volatile.Write(ref current, null);
    }

    /// <summary>Forgets here and on the other nodes (after a save that changed an ingredient has committed).</summary>
    public void Changed()
    {
        Forget();
        if (backplane.Shared)
        {
            backplane.Send(Topic, "");
        }
    }

    private async Task<Snapshot> LoadAsync(RapportDbContext db, CancellationToken ct)
    {
        var before = Interlocked.Read(ref generation);
        var naming = await Naming.For(db)(db, ct);
        var templates = new List<ReplyTemplate>();
        await foreach (var template in Greetings.For(db)(db).WithCancellation(ct))
        {
            templates.Add(template);
        }

        var defaults = new OrganisationSettings();
        var snapshot = new Snapshot(naming?.Name ?? defaults.Name, naming?.DefaultLanguage ?? OrganisationSettings.DefaultLanguageTag,
            templates.Where(t => t.Purpose == TemplatePurpose.GreetingReturning).ToList(),
            templates.Where(t => t.Purpose == TemplatePurpose.GreetingFirstContact).ToList());
        // Kept only if nothing was forgotten while it was read: a change that committed meanwhile may be half in it.
        if (Interlocked.Read(ref generation) == before)
        {
            Interlocked.CompareExchange(ref current, snapshot, null);
        }

        return snapshot;
    }

    private sealed record OrganisationNaming(string Name, string DefaultLanguage);

    private sealed record Snapshot(string OrganisationName, string DefaultLanguage, List<ReplyTemplate> Returning, List<ReplyTemplate> FirstContact);
}
