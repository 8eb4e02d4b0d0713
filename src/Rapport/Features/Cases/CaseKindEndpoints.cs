using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>The kinds of case: the built-in ones and those administrators define.</summary>
public static class CaseKindEndpoints
{
    public static async Task<Ok<IReadOnlyList<CaseKindDto>>> ListKinds(CaseQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.KindsAsync(ct));

    public static async Task<Results<Created<CaseKindDto>, ValidationProblem, ProblemHttpResult>> CreateKind(CreateCaseKindRequest request,
        RapportDbContext db, TimeProvider time, CancellationToken ct)
    {
        // Everything is checked before anything is written: an error answer leaves no kind behind.
        var name = request.Name.Trim();
        if (NoControlCharactersAttribute.HasControlCharacters(name))
        {
            return Problems.Invalid("name", NoControlCharactersAttribute.Message);
        }

        var key = CaseKinds.KeyFor(name);
        if (key.Length == 0)
        {
            return Problems.Invalid("name", "A kind's key is made from the Latin letters and digits of its name (accents dropped: "
                + "'Réclamation' gives 'reclamation'); this name has none. Add a Latin word, e.g. 'Zhaloba (Жалоба)'.");
        }

        if (key.Length > 50)
        {
            return Problems.Invalid("name", "A kind's name gives a key of 1 to 50 characters.");
        }

        if (CaseKinds.BuiltIn.Any(k => k.Key == key) || await db.CaseKinds.AnyAsync(k => k.Key == key, ct))
        {
            return Problems.Conflict($"The kind '{key}' already exists.");
        }

        db.CaseKinds.Add(new CaseKind { Key = key, Name = name, CreatedAt = time.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Another request defined the same key first (the unique index kept one).
            return Problems.Conflict($"The kind '{key}' already exists.");
        }

        // The key is an ASCII slug; escaping it anyway keeps the header valid whatever KeyFor becomes.
        return TypedResults.Created($"/api/v1/case-kinds/{Uri.EscapeDataString(key)}", new CaseKindDto(key, name, false));
    }

    /// <summary>Removes an organisation-defined kind no case uses (built-in kinds stay).</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteKind(string key, RapportDbContext db, CancellationToken ct)
    {
        var kind = await db.CaseKinds.FirstOrDefaultAsync(k => k.Key == key, ct);
        if (kind is null)
        {
            return CaseKinds.BuiltIn.Any(k => k.Key == key)
                ? Problems.Invalid("key", "Built-in kinds cannot be removed.")
                : Problems.NotFound("case kind", key);
        }

        if (await db.Cases.AnyAsync(c => c.Kind == key, ct))
        {
            return Problems.Conflict($"Cases of kind '{key}' exist; the kind stays while they do.");
        }

        db.CaseKinds.Remove(kind);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
