using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Identity;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post from the layout; antiforgery is validated by the framework for form posts.
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/login");
        }).RequireAuthorization(Policies.Staff).ExcludeFromDescription();
        return app;
    }
}
