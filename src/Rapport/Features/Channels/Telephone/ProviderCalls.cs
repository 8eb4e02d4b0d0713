using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Telephone;

/// <summary>What a provider's voice callback says about a call: its direction, the two numbers, how it stands and its length.</summary>
public sealed record ProviderCallStatus(string CallId, CallDirection Direction, string From, string? To, CallOutcome Outcome, int? DurationSeconds, DateTime? At);

/// <summary>
/// Fills a call's details from a provider's voice and recording callbacks, keyed by the provider's call id, so every
/// order of arrival and every redelivery ends with one record. Written only for requests already authenticated.
/// </summary>
public sealed class ProviderCalls(RapportDbContext db, TimeProvider time)
{
    /// <summary>Records the call's progress; a late "in progress" never undoes how the call ended.</summary>
    public Task<CallRecord> StatusAsync(ProviderCallStatus status, CancellationToken ct) =>
        UpsertAsync(status.CallId, call =>
        {
            call.Direction = status.Direction;
            call.From = status.From;
            call.To = status.To;
            if (status.Outcome != CallOutcome.InProgress || call.Outcome == CallOutcome.InProgress)
            {
                call.Outcome = status.Outcome;
            }

            if (status.DurationSeconds is { } seconds)
            {
                call.DurationSeconds = seconds;
            }

            // A callback is stamped when it is sent: a finished call started its length earlier.
            if (status.At is { } at && (call.StartedAt is null || status.DurationSeconds is not null))
            {
                call.StartedAt = at.AddSeconds(-(status.DurationSeconds ?? 0));
            }
        }, ct);

    /// <summary>Attaches the recording: what may be done with it follows the consent answer recorded for the call, if any.</summary>
    public Task<CallRecord> RecordingAsync(string callId, string url, CancellationToken ct) =>
        UpsertAsync(callId, call => call.AttachRecording(url), ct);

    private async Task<CallRecord> UpsertAsync(string callId, Action<CallRecord> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var call = await db.Set<CallRecord>().FirstOrDefaultAsync(c => c.ProviderCallId == callId, ct);
            if (call is null)
            {
                call = new CallRecord { ProviderCallId = callId, Outcome = CallOutcome.InProgress, CreatedAt = time.GetUtcNow().UtcDateTime };
                db.Add(call);
            }

            change(call);
            try
            {
                await db.SaveChangesAsync(ct);
                return call;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The call's other callback stored it a moment ago: read it and apply this one to it.
                db.ChangeTracker.Clear();
            }
        }
    }
}
