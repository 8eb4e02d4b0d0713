using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>A mailbox to receive from (IMAP) and send from (SMTP). Passwords are write-only.</summary>
public sealed record CreateMailboxRequest(
    [property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Name,
    [property: Required, EmailAddress, StringLength(320)] string Address,
    [property: Required, StringLength(255, MinimumLength = 1)] string ImapHost,
    [property: Range(1, 65535)] int ImapPort,
    MailSecurity ImapSecurity,
    [property: Required, StringLength(320, MinimumLength = 1)] string ImapUser,
    [property: StringLength(500)] string? ImapPassword,
    [property: Required, StringLength(255, MinimumLength = 1)] string SmtpHost,
    [property: Range(1, 65535)] int SmtpPort,
    MailSecurity SmtpSecurity,
    [property: StringLength(320)] string? SmtpUser = null,
    [property: StringLength(500)] string? SmtpPassword = null);

/// <summary>Change a mailbox: give only what changes. A password given replaces the stored one; leave it out to keep it. Enabled false stops receiving and sending on it.</summary>
public sealed record UpdateMailboxRequest(
    [property: StringLength(100, MinimumLength = 1), NoControlCharacters] string? Name = null,
    [property: EmailAddress, StringLength(320)] string? Address = null,
    [property: StringLength(255, MinimumLength = 1)] string? ImapHost = null,
    [property: Range(1, 65535)] int? ImapPort = null,
    MailSecurity? ImapSecurity = null,
    [property: StringLength(320, MinimumLength = 1)] string? ImapUser = null,
    [property: StringLength(500)] string? ImapPassword = null,
    [property: StringLength(255, MinimumLength = 1)] string? SmtpHost = null,
    [property: Range(1, 65535)] int? SmtpPort = null,
    MailSecurity? SmtpSecurity = null,
    [property: StringLength(320)] string? SmtpUser = null,
    [property: StringLength(500)] string? SmtpPassword = null,
    bool? Enabled = null);

/// <summary>A mailbox and its health: when it last received and sent, and its last error.</summary>
public sealed record MailboxDto(Guid Id, string Name, string Address, string ImapHost, int ImapPort, MailSecurity ImapSecurity, string ImapUser,
    string SmtpHost, int SmtpPort, MailSecurity SmtpSecurity, string? SmtpUser, bool Enabled, DateTime? LastReceiveAt, DateTime? LastSendAt,
    string? LastError, DateTime? LastErrorAt, Health.ChannelStatus Status, DateTime? LastConnectedAt, int ErrorsLast24Hours);

/// <summary>How many messages a receive run fetched.</summary>
public sealed record ReceiveResult(int Fetched, string? Error);

public static class MailboxEndpoints
{
    public static IEndpointRouteBuilder MapMailboxEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/mailboxes").WithTags("Email").RequireAuthorization(Policies.Administer)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListMailboxes);
        group.MapPost("/", CreateMailbox).Idempotent();
        group.MapPatch("/{id}", UpdateMailbox);
        group.MapDelete("/{id}", DeleteMailbox);
        group.MapPost("/{id}/receive", ReceiveNow).AllowIngestTokens();
        return app;
    }

    private static MailboxDto ToDto(Mailbox m, int errors = 0) => new(m.Id, m.Name, m.Address, m.ImapHost, m.ImapPort, m.ImapSecurity, m.ImapUser,
        m.SmtpHost, m.SmtpPort, m.SmtpSecurity, m.SmtpUser, m.Enabled, m.LastReceiveAt, m.LastSendAt, m.LastError, m.LastErrorAt,
        m.Health.Status, m.LastConnectedAt, errors);

    public static async Task<Ok<List<MailboxDto>>> ListMailboxes(RapportDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = await Health.ChannelErrors.Last24HoursAsync(db, time.GetUtcNow(), ct);
        return TypedResults.Ok((await db.Mailboxes.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct)).Select(m => ToDto(m, errors.GetValueOrDefault(m.Id))).ToList());
    }

    public static async Task<Results<Created<MailboxDto>, ValidationProblem, ProblemHttpResult>> CreateMailbox(CreateMailboxRequest request,
        MailboxService mailboxes, CancellationToken ct)
    {
        var change = await mailboxes.CreateAsync(request, ct);
        return change.Mailbox is { } mailbox ? TypedResults.Created($"/api/v1/mailboxes/{mailbox.Id}", ToDto(mailbox)) : Problems.Conflict(change.Conflict!);
    }

    public static async Task<Results<Ok<MailboxDto>, ValidationProblem, ProblemHttpResult>> UpdateMailbox(Guid id, UpdateMailboxRequest request,
        MailboxService mailboxes, CancellationToken ct)
    {
        var change = await mailboxes.UpdateAsync(id, request, ct);
        return change switch
        {
            { Mailbox: { } mailbox } => TypedResults.Ok(ToDto(mailbox)),
            { NotFound: true } => Problems.NotFound("mailbox", id),
            _ => Problems.Conflict(change.Conflict!),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteMailbox(Guid id, MailboxService mailboxes, CancellationToken ct) =>
        await mailboxes.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("mailbox", id);

    /// <summary>Fetches new mail now instead of waiting for the next poll; also a connection test.</summary>
    public static async Task<Results<Ok<ReceiveResult>, ProblemHttpResult>> ReceiveNow(Guid id, RapportDbContext db, MailboxReceiver receiver, CancellationToken ct)
    {
        if (!await db.Mailboxes.AnyAsync(m => m.Id == id, ct))
        {
            return Problems.NotFound("mailbox", id);
        }

        var fetched = await receiver.ReceiveAsync(id, ct);
        var health = (await db.Mailboxes.AsNoTracking().FirstAsync(m => m.Id == id, ct)).Health;
        return TypedResults.Ok(new ReceiveResult(fetched, health.Status == Health.ChannelStatus.Failing ? health.LastError : null));
    }
}
