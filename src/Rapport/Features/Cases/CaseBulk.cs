using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>
/// One change to many cases (the list's bulk assign, status and tag actions), all or nothing: every case is checked
/// first, and when any of them cannot take the change nothing is saved and each refusal is reported as <c>ids[i]</c>.
/// </summary>
public sealed class CaseBulk(RapportDbContext db, CaseService cases, TimeProvider time)
{
    public const int MaxCases = 200;

    /// <summary>The changed cases, or the errors by field when nothing was changed.</summary>
    public async Task<(IReadOnlyList<Case> Changed, Dictionary<string, string[]> Errors)> ApplyAsync(BulkCaseRequest request, Viewer viewer, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Ids.Count is 0 or > MaxCases)
        {
            errors["ids"] = [$"Give 1 to {MaxCases} case ids."];
        }

        if (request.Assign is null && request.Status is null && request.AddTags is null && request.RemoveTags is null)
        {
            errors["status"] = ["Say what to change: assign, status, addTags or removeTags."];
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        if (request.Assign is { } assign)
        {
            await cases.RequireAssigneesAsync(assign.OwnerId, assign.TeamId, "assign.", ct);
        }

        var add = CaseTag.Normalise(request.AddTags ?? []);
        var remove = CaseTag.Normalise(request.RemoveTags ?? []);
        var ids = request.Ids.Distinct().ToList();
        var found = await db.Cases.Include(c => c.Tags).Where(c => ids.Contains(c.Id)).VisibleTo(db, viewer).ToDictionaryAsync(c => c.Id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = new List<Case>();
        var statusChanges = new List<(Case, CaseStatus)>();
        for (var i = 0; i < request.Ids.Count; i++)
        {
            var id = request.Ids[i];
            if (!found.TryGetValue(id, out var c))
            {
                errors[$"ids[{i}]"] = [$"No case has the id '{id}'."];
                continue;
            }

            if (changed.Contains(c))
            {
                continue;
            }

            try
            {
                var from = c.Status;
                if (request.Status is { } status && c.MoveTo(status, now))
                {
                    await cases.CheckStatusRulesAsync(c, from, ct);
                    statusChanges.Add((c, from));
                }

                if (request.Assign is { } a)
                {
                    c.AssignTo(a.OwnerId, a.TeamId, now);
                }

                if (add.Count > 0 || remove.Count > 0)
                {
                    c.SetTags(c.Tags.Select(t => t.Tag).Concat(add).Except(remove), now);
                }

                changed.Add(c);
            }
            catch (InvalidInputException e)
            {
                errors[$"ids[{i}]"] = [$"{c.Reference}: {e.Message}"];
            }
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return ([], errors);
        }

        if (statusChanges.Count > 0)
        {
            await CaseWebhooks.StatusChangedAsync(db, statusChanges, now, ct);
        }

        if (request.Assign is not null || add.Count > 0 || remove.Count > 0)
        {
            await CaseWebhooks.UpdatedAsync(db, changed, now, ct);
        }

        await db.SaveChangesAsync(ct);
        return (changed, errors);
    }
}
