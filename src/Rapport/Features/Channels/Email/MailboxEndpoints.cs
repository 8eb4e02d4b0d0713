using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
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
        group.MapDelete("/{id}", DeleteMailbox);
        group.MapPost("/{id}/receive", ReceiveNow);
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
        RapportDbContext db, MailboxSecrets secrets, MailboxChanges changes, CancellationToken ct)
    {
        var address = ContactPointRules.NormalizeEmail(request.Address, "address");
        if (await db.Mailboxes.AnyAsync(m => m.Address == address, ct))
        {
            return Problems.Conflict($"A mailbox for {address} already exists.");
        }

        var mailbox = new Mailbox
        {
            Name = request.Name.Trim(),
            Address = address,
            ImapHost = request.ImapHost.Trim(),
            ImapPort = request.ImapPort,
            ImapSecurity = request.ImapSecurity,
            ImapUser = request.ImapUser.Trim(),
            ImapPasswordProtected = secrets.Protect(request.ImapPassword),
            SmtpHost = request.SmtpHost.Trim(),
            SmtpPort = request.SmtpPort,
            SmtpSecurity = request.SmtpSecurity,
            SmtpUser = string.IsNullOrWhiteSpace(request.SmtpUser) ? null : request.SmtpUser.Trim(),
            SmtpPasswordProtected = secrets.Protect(request.SmtpPassword),
        };
        db.Mailboxes.Add(mailbox);
        await db.SaveChangesAsync(ct);
        changes.Changed();
        return TypedResults.Created($"/api/v1/mailboxes/{mailbox.Id}", ToDto(mailbox));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteMailbox(Guid id, RapportDbContext db, MailboxChanges changes, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return Problems.NotFound("mailbox", id);
        }

        db.Mailboxes.Remove(mailbox);
        await db.SaveChangesAsync(ct);
        await Health.ChannelErrors.ForgetAsync(db, id, ct);
        changes.Changed();
        return TypedResults.NoContent();
    }

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
