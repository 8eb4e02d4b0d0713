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
}
