using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Rapport.Features.Audit;

namespace Rapport.Components;

/// <summary>
/// Base for feature pages: gives the page its own DI scope (so its DbContext lives as long as the page, not the
/// circuit) and stamps that scope's audit context with the signed-in user before the page loads anything.
/// </summary>
public abstract class RapportPage<TService> : OwningComponentBase<TService> where TService : notnull
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    protected System.Security.Claims.ClaimsPrincipal User { get; private set; } = new();

    protected sealed override async Task OnInitializedAsync()
    {
        if (AuthState is not null)
        {
            User = (await AuthState).User;
            ScopedServices.GetRequiredService<AuditContext>().SetActor(User);
        }

        await OnActorReadyAsync();
    }

    /// <summary>Load the page's data here; the audit actor is set.</summary>
    protected virtual Task OnActorReadyAsync() => Task.CompletedTask;

    /// <summary>
    /// Runs one user action in a scope of its own, as an HTTP request would: a fresh DbContext that sees the database
    /// as it is now, and a failed save (invalid input, a stale write) cannot leave half-applied changes behind for the
    /// page's next action to persist. Use it for every write and for reads that must see other people's changes.
    /// </summary>
    protected async Task<T> InNewScopeAsync<TScoped, T>(Func<TScoped, Task<T>> action) where TScoped : notnull
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetActor(User);
        return await action(scope.ServiceProvider.GetRequiredService<TScoped>());
    }

    /// <summary>Whether the signed-in user meets <paramref name="policy"/>; guards actions a page offers to some roles only.</summary>
    protected async Task<bool> IsAllowedAsync(string policy) => (await Authorization.AuthorizeAsync(User, policy)).Succeeded;
}
