using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>
/// Broken mail through the real servers: truncated real emails, real emails with bytes overwritten, MIME-like junk with
/// broken boundaries and odd charsets, and plain random bytes are APPENDed to Dovecot and fetched by a mailbox. Every one
/// is fetched, stored once (with its raw bytes and, where it could not be read, a visible warning) and can be opened —
/// none stops the mailbox, none is lost. The unit-level properties (EmailParserProperties) cover many more cases
/// without the servers; these are seeded, so a failure repeats.
/// </summary>
public abstract class EmailFuzzThroughServersTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const int Count = 40;

    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    // Auto-replies, bounces and receipts only ever join a thread, so their mutants could rightly be dropped: not used here.
    private static readonly byte[][] Sources = TestEmails.All
        .Where(f => !f.StartsWith("autoreply-", StringComparison.Ordinal) && !f.StartsWith("bounce-", StringComparison.Ordinal)
            && !f.StartsWith("mdn-", StringComparison.Ordinal))
        .Select(TestEmails.ForImap).ToArray();

    private static readonly string[] Pieces =
    [
        "Content-Type: multipart/mixed; boundary=b", "Content-Type: multipart/alternative; boundary=\"b\"", "--b", "--b--", "--c",
        "Content-Type: text/plain; charset=x-unknown", "Content-Type: text/html; charset=shift_jis", "Content-Transfer-Encoding: base64",
        "Content-Transfer-Encoding: quoted-printable", "Subject: =?iso-2022-jp?B?GyRCRnxLXDhsGyhC?=", "Subject: =?koi8-r?Q?=DB?=",
        "From: a@b@c", "From: <>", "Date: not a date", "=E2=9C=94 =", "SGVsbG8=", "<p>Hi <script>alert(1)</script></p>", "",
    ];

    /// <summary>The n-th broken message: a unique Message-ID first (so each is its own message), then the damage.</summary>
    private static byte[] Broken(Random random, int n)
    {
        var id = Encoding.ASCII.GetBytes($"Message-ID: <fuzz-{n}-{Unique.Letters()}@rapport.test>\r\n");
        var source = Sources[random.Next(Sources.Length)];
        byte[] damage;
        switch (n % 4)
        {
            case 0:
                damage = source[..random.Next(source.Length)];
                break;
            case 1:
                damage = (byte[])source.Clone();
                for (var k = 0; k < 20; k++)
                {
                    damage[random.Next(damage.Length)] = (byte)random.Next(1, 256);
                }

                break;
            case 2:
                damage = Encoding.UTF8.GetBytes(string.Join("\r\n", Enumerable.Range(0, random.Next(3, 30)).Select(_ => Pieces[random.Next(Pieces.Length)])));
                break;
            default:
                damage = new byte[random.Next(1, 3000)];
                random.NextBytes(damage);
                break;
        }

        // IMAP literals cannot carry NUL bytes.
        return [.. id, .. damage.Select(b => b == 0 ? (byte)' ' : b)];
    }

    [Fact]
    public async Task Every_broken_message_is_fetched_stored_once_and_can_be_opened()
    {
        var user = MailServers.UniqueUser();
        var random = new Random(20261126);
        for (var n = 0; n < Count; n++)
        {
            await MailServers.AppendAsync(user, Broken(random, n));
        }

        var before = await app.WithDbAsync(db => db.Messages.Select(m => m.Id).ToListAsync());
        var mailbox = (await admin.CreateMailboxAsync(user)).Id();

        Assert.Equal(Count, await admin.ReceiveMailAsync(mailbox));
        Assert.Equal(0, await admin.ReceiveMailAsync(mailbox));

        var stored = await app.WithDbAsync(db => db.Messages.Where(m => !before.Contains(m.Id))
            .Select(m => new { m.Id, m.ConversationId, m.RawRef, m.ParseWarning, m.Text, m.ProviderMessageId }).ToListAsync());
        Assert.Equal(Count, stored.Count);
        Assert.Equal(Count, stored.Select(s => s.ProviderMessageId).Distinct().Count());
        Assert.All(stored, s => Assert.False(string.IsNullOrWhiteSpace(s.Text)));
        Assert.All(stored, s => Assert.NotNull(s.RawRef));
        Assert.Contains(stored, s => s.ParseWarning is not null);

        foreach (var message in stored)
        {
            var conversation = await agent.ConversationAsync(message.ConversationId.ToString());
            Assert.Contains(conversation["messages"]!.AsArray(), m => m!.Id() == message.Id.ToString());
            var raw = await app.ClientAs(Roles.Supervisor).GetAsync($"/api/v1/messages/{message.Id}/raw");
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
            // Kept as received, or — when a digit run passed as a card number — masked behind the original's hash.
            var kept = Encoding.ASCII.GetString(await raw.Content.ReadAsByteArrayAsync());
            Assert.True(kept.StartsWith("Message-ID: <fuzz-", StringComparison.Ordinal)
                || kept.StartsWith(Rapport.Features.Channels.Email.RawEmailMasking.OriginalHashHeader, StringComparison.Ordinal), kept[..Math.Min(200, kept.Length)]);
        }
    }
}

public sealed class EmailFuzzThroughServersTestsOnSqlite(SqliteRapportFactory app) : EmailFuzzThroughServersTests<SqliteRapportFactory>(app);

public sealed class EmailFuzzThroughServersTestsOnPostgres(PostgresRapportFactory app) : EmailFuzzThroughServersTests<PostgresRapportFactory>(app);
