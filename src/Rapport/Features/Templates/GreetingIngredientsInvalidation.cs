using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Features.Organisation;

namespace Rapport.Features.Templates;

/// <summary>
/// Makes <see cref="GreetingIngredients"/> forget when a save adds, changes or removes a template or the organisation's
/// settings, whichever code path saves it: before the save (no greeting is made from the old ones from then on) and
/// after it (what was read while it ran is dropped too), then the other nodes are told.
/// </summary>
public sealed class GreetingIngredientsInvalidation(GreetingIngredients ingredients) : SaveChangesInterceptor
{
    // Entries are accepted (Unchanged) after the save, so the "after" side is told by the "before" side, per context.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> saving = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ForgetIfChanging(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ForgetIfChanging(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ChangedIfSaved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ChangedIfSaved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void ForgetIfChanging(DbContext? db)
    {
        if (db is not null && db.ChangeTracker.Entries().Any(e => e.Entity is ReplyTemplate or OrganisationSettings
            && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            ingredients.Forget();
            saving.AddOrUpdate(db, db);
        }
    }

    private void ChangedIfSaved(DbContext? db)
    {
        if (db is not null && saving.TryGetValue(db, out _))
        {
            saving.Remove(db);
            ingredients.Changed();
        }
    }
}
