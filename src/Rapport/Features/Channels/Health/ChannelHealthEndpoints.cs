using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Channels.Email;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Channels.Health;

/// <summary>
/// Whether each channel works now, for administrators (who fix them) and supervisors (who move work away from a broken
/// one); testing a connection is an administrator's action, as it records the outcome and calls the provider.
/// </summary>
public static class ChannelHealthEndpoints
{
    public static IEndpointRouteBuilder MapChannelHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/channels/health", Health).WithTags("Channels").RequireAuthorization(Policies.ReadChannelHealth).WithName("GetChannelHealth");
        app.MapPost("/api/v1/channel-accounts/{id}/test", TestChannelAccount).WithTags("Channels").RequireAuthorization(Policies.Administer)
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("TestChannelAccount");
        app.MapPost("/api/v1/mailboxes/{id}/test", TestMailbox).WithTags("Email").RequireAuthorization(Policies.Administer)
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("TestMailbox");
        return app;
    }

    public static async Task<Ok<List<ChannelHealthDto>>> Health(ChannelHealthQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.AllAsync(ct));

    /// <summary>Calls the provider with the account's credentials (a harmless read) and says what happened; 200 whether or not it passed.</summary>
    public static async Task<Results<Ok<ConnectionTestResult>, ProblemHttpResult>> TestChannelAccount(Guid id, ChannelAccountTester tester, CancellationToken ct) =>
        await tester.TestAsync(id, ct) is { } result ? TypedResults.Ok(result) : Problems.NotFound("channel account", id);

    /// <summary>Logs in to the mailbox's IMAP server (and opens the INBOX) and its SMTP server; 200 whether or not it passed.</summary>
    public static async Task<Results<Ok<ConnectionTestResult>, ProblemHttpResult>> TestMailbox(Guid id, MailboxTester tester, CancellationToken ct) =>
        await tester.TestAsync(id, ct) is { } result ? TypedResults.Ok(result) : Problems.NotFound("mailbox", id);
}
