using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Health;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// Tries a channel account's provider for real (Twilio's account, WhatsApp's phone number, the Facebook page, Telegram's
/// getMe, Vonage's balance) within <see cref="ConnectionTest.Timeout"/>, and records the outcome in its health: a pass
/// clears a failing status, a failure counts as an error.
/// </summary>
public sealed class ChannelAccountTester(RapportDbContext db, ChannelSecrets secrets, IEnumerable<IProviderClient> clients, TimeProvider time,
    ILogger<ChannelAccountTester> log)
{
    public async Task<ConnectionTestResult?> TestAsync(Guid id, CancellationToken ct)
    {
        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return null;
        }

        var client = clients.First(c => c.Provider == account.Provider);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(ConnectionTest.Timeout);
        string message;
        var ok = false;
        try
        {
            message = await client.TestAsync(ConnectedAccount.Of(account, secrets), limit.Token);
            ok = true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            message = $"{account.Provider} did not answer within {ConnectionTest.Timeout.TotalSeconds:0} seconds ({account.ApiBase}).";
        }
        catch (ConnectionTestFailedException e)
        {
            message = e.Message;
        }
        catch (HttpRequestException e)
        {
            message = e.InnerException is SocketException or IOException || e.HttpRequestError != HttpRequestError.Unknown
                ? $"Rapport could not reach {account.Provider} at {account.ApiBase}: {e.Message}"
                : e.Message;
        }

        var now = time.GetUtcNow();
        if (ok)
        {
            account.LastConnectedAt = now.UtcDateTime;
        }
        else
        {
            account.Failed($"Connection test: {message}", now.UtcDateTime);
            await ChannelErrors.CountAsync(db, account.Id, now, ct);
        }

        await db.SaveChangesAsync(ct);
        if (log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Connection test of channel account {Account} ({Provider}): {Outcome}", account.Name, account.Provider, message);
        }

        return new ConnectionTestResult(ok, message, now.UtcDateTime, account.Health.Status);
    }
}
