using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

/// <summary>What happened to a cause asked to be deleted.</summary>
public enum CauseDeletion { Deleted, NotFound, InUse }

/// <summary>
/// The organisation's complaint causes and apology wording, kept in the database and managed by administrators. The
/// first time they are needed they are seeded from configuration (<c>Rapport:Complaints:Causes</c>,
/// <c>Rapport:Complaints:Apology</c>), so an installation that set them there keeps its list; from then on configuration
/// is not read. Read on each use (a handful of rows), so a change is effective at once on every node.
/// </summary>
public sealed class ComplaintCatalogue(RapportDbContext db, TimeProvider time, IConfiguration configuration)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<ComplaintCauses> CurrentAsync(CancellationToken ct)
    {
        var settings = await db.Set<ComplaintSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == ComplaintSettings.SingletonId, ct)
            ?? await SeedAsync(ct);
        var causes = await db.Set<ComplaintCause>().AsNoTracking().ToListAsync(ct);
        return new ComplaintCauses(causes.OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.Ordinal).Select(c => c.ToDto()).ToList(),
            settings.Apology);
    }

    public async Task<ComplaintCauseDto> AddAsync(ComplaintCauseRequest request, CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        var cause = ComplaintCause.Create(request.Name, request.Position ?? current.All.Count, Now, request.Retired);
        if (current.All.Any(c => c.Key == cause.Key))
        {
            throw new InvalidInputException("name", $"The cause '{current.NameOf(cause.Key)}' already has the key '{cause.Key}'; rename or restore it instead.");
        }

        db.Add(cause);
        await db.SaveChangesAsync(ct);
        return cause.ToDto();
    }

    /// <summary>Renames, retires or restores, or moves a cause; its key never changes. Null when no cause has the key.</summary>
    public async Task<ComplaintCauseDto?> ChangeAsync(string key, ComplaintCauseRequest request, CancellationToken ct)
    {
        await CurrentAsync(ct);
        var cause = await db.Set<ComplaintCause>().FirstOrDefaultAsync(c => c.Key == key, ct);
        if (cause is null)
        {
            return null;
        }

        var name = request.Name.Trim();
        if (await db.Set<ComplaintCause>().AnyAsync(c => c.Key != key && c.Name == name, ct))
        {
            throw new InvalidInputException("name", $"Another cause is already called '{name}'.");
        }

        cause.Change(name, request.Retired, request.Position ?? cause.Position, Now);
        await db.SaveChangesAsync(ct);
        return cause.ToDto();
    }

    /// <summary>Deletes a cause no complaint has; one in use can only be retired, so measures by cause keep their history.</summary>
    public async Task<CauseDeletion> DeleteAsync(string key, CancellationToken ct)
    {
        await CurrentAsync(ct);
        var cause = await db.Set<ComplaintCause>().FirstOrDefaultAsync(c => c.Key == key, ct);
        if (cause is null)
        {
            return CauseDeletion.NotFound;
        }

        if (await db.Set<Complaint>().AnyAsync(c => c.Cause == key, ct))
        {
            return CauseDeletion.InUse;
        }

        db.Remove(cause);
        await db.SaveChangesAsync(ct);
        return CauseDeletion.Deleted;
    }

    public async Task<ApologyWordingDto> ApologyAsync(CancellationToken ct) => new((await CurrentAsync(ct)).Apology);

    public async Task<ApologyWordingDto> ChangeApologyAsync(ApologyWordingDto request, CancellationToken ct)
    {
        await CurrentAsync(ct);
        var settings = await db.Set<ComplaintSettings>().FirstAsync(s => s.Id == ComplaintSettings.SingletonId, ct);
        settings.ChangeApology(request.Text, Now);
        await db.SaveChangesAsync(ct);
        return new ApologyWordingDto(settings.Apology);
    }

    /// <summary>
    /// The first use: the configured causes (else the defaults) and apology, plus, retired, any cause complaints already
    /// have that the list no longer names, so their measures keep a row. Another node seeding at the same moment wins
    /// the race harmlessly: its rows are read instead.
    /// </summary>
    private async Task<ComplaintSettings> SeedAsync(CancellationToken ct)
    {
        var names = configuration.GetSection("Rapport:Complaints:Causes").Get<string[]>() is { Length: > 0 } configured ? configured : ComplaintCauses.DefaultNames;
        var now = Now;
        var causes = new List<ComplaintCause>();
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            var cause = ComplaintCause.Create(name[..Math.Min(name.Trim().Length, ComplaintCause.NameMaxLength)], causes.Count, now);
            if (cause.Key.Length > 0 && causes.All(c => c.Key != cause.Key))
            {
                causes.Add(cause);
            }
        }

        var used = await db.Set<Complaint>().AsNoTracking().Where(c => c.Cause != null).Select(c => c.Cause!).Distinct().ToListAsync(ct);
        foreach (var key in used.Where(k => causes.All(c => c.Key != k)).Order(StringComparer.Ordinal))
        {
            causes.Add(ComplaintCause.Create(key, causes.Count, now, retired: true));
        }

        var settings = ComplaintSettings.Seed(configuration["Rapport:Complaints:Apology"], now);
        db.Add(settings);
        db.AddRange(causes);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await db.Set<ComplaintSettings>().AsNoTracking().FirstAsync(s => s.Id == ComplaintSettings.SingletonId, ct);
        }

        db.Entry(settings).State = EntityState.Detached;
        foreach (var c in causes)
        {
            db.Entry(c).State = EntityState.Detached;
        }

        return settings;
    }
}
