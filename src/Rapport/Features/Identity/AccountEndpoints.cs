using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Identity;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post from the layout, with an antiforgery token. The middleware only records whether the token is
        // valid (minimal APIs act on that when they bind a form, and this one binds none), so the handler checks it.
        app.MapPost("/account/logout", async Task<IResult> (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return TypedResults.Problem(title: "The sign-out form is not valid.", detail: "Sign out with the button on a Rapport page.",
                    statusCode: StatusCodes.Status400BadRequest, type: "https://rapport.dev/problems/antiforgery");
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/login");
        }).RequireAuthorization(Policies.SignedIn).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return app;
    }
}
