namespace Rapport.Features.Audit;

/// <summary>What writing an anchor did.</summary>
public enum AnchorOutcome
{
    /// <summary>An anchor was appended to the anchor file.</summary>
    Written,

    /// <summary>The trail has no entries yet: nothing to anchor.</summary>
    Empty,

    /// <summary>The latest anchor already names the chain's end; nothing new to vouch for.</summary>
    Unchanged,

    /// <summary>The trail does not verify (a broken link, or it contradicts an anchor): no anchor may vouch for it.</summary>
    Refused,
}

/// <summary>The outcome, the verification it was based on, and the anchor written (if any).</summary>
public sealed record AnchorResult(AnchorOutcome Outcome, AuditVerification Verification, AuditAnchor? Anchor);

/// <summary>
/// Writes anchors of the audit chain's head to the anchor file: on a schedule (<c>Rapport:Audit:AnchorMinutes</c>,
/// a day by default, counted from the latest anchor so restarts do not postpone it) and on demand
/// (<c>rapport audit anchor</c>). An anchor is written only for a trail that verifies, so an anchor never vouches for
/// a chain already broken or cut short. Several nodes may anchor the same head: the duplicate lines are harmless.
/// </summary>
public sealed class AuditAnchoring(IServiceScopeFactory scopes, AuditAnchorSettings settings, TimeProvider time, ILogger<AuditAnchoring> log)
    : BackgroundService
{
    /// <summary>
    /// Verifies the trail and, when it holds, appends an anchor of its head signed with the anchor key (generating the
    /// default key file on first use). With <paramref name="evenIfUnchanged"/> false, a head the latest anchor already
    /// names is not anchored again.
    /// </summary>
    public static async Task<AnchorResult> AnchorAsync(AuditLog audit, AuditAnchorSettings settings, TimeProvider time, bool evenIfUnchanged,
        CancellationToken ct)
    {
        var verification = await audit.VerifyAsync(ct, settings.Path);
        if (!verification.Intact)
        {
            return new AnchorResult(AnchorOutcome.Refused, verification, null);
        }

        if (verification.Head is not { } head)
        {
            return new AnchorResult(AnchorOutcome.Empty, verification, null);
        }

        var key = settings.KeyForSigning();
        if (!evenIfUnchanged && await AuditAnchorFile.LatestAsync(settings.Path, ct) is { } latest
            && latest.Sequence == head.Sequence && latest.Hash == head.Hash && latest.IsSignedBy(key))
        {
            return new AnchorResult(AnchorOutcome.Unchanged, verification, latest);
        }

        var anchor = AuditAnchor.Sign(head, time.GetUtcNow(), key);
        await AuditAnchorFile.AppendAsync(settings.Path, anchor, ct);
        return new AnchorResult(AnchorOutcome.Written, verification, anchor);
    }

    /// <summary>One scheduled run, in its own scope; also what tests call.</summary>
    public async Task<AnchorResult> AnchorNowAsync(bool evenIfUnchanged, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await AnchorAsync(scope.ServiceProvider.GetRequiredService<AuditLog>(), settings, time, evenIfUnchanged, ct);
        if (result.Outcome == AnchorOutcome.Written && log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Anchored the audit trail at entry {Sequence} ({Hash}) in {Path}", result.Anchor!.Sequence, result.Anchor.Hash, settings.Path);
        }
        else if (result.Outcome == AnchorOutcome.Refused)
        {
            log.LogError("The audit trail does not verify, so no anchor was written: {Problem}", result.Verification.Problem);
        }

        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Interval is not { } interval)
        {
            log.LogInformation("Audit anchoring on a schedule is off (Rapport:Audit:AnchorMinutes = 0)");
            return;
        }

        var next = time.GetUtcNow();
        try
        {
            if (await AuditAnchorFile.LatestAsync(settings.Path, stoppingToken) is { } latest && latest.At + interval > next)
            {
                next = latest.At + interval;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "The audit anchor file {Path} cannot be read; anchoring now", settings.Path);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                await AnchorNowAsync(evenIfUnchanged: false, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Audit anchoring failed; it runs again in {Interval}", interval);
            }

            next = time.GetUtcNow() + interval;
        }
    }
}
