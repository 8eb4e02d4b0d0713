using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Blobs;
using Xunit.Abstractions;

namespace Rapport.IntegrationTests.Privacy;

/// <summary>
/// A customer with a long history (1,000 messages in 20 conversations, every 50th with an attachment and a raw copy; 10,000
/// when RAPPORT_BENCH_SUBJECT_RIGHTS=1, the figure docs/performance.md reports) is exported whole and then erased whole,
/// each within a bound that keeps them a matter of seconds.
/// </summary>
public abstract class SubjectRightsAtVolumeTests<TFactory>(TFactory app, ITestOutputHelper output) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static readonly int Messages = Environment.GetEnvironmentVariable("RAPPORT_BENCH_SUBJECT_RIGHTS") == "1" ? 10_000 : 1_000;

    [Fact]
    public async Task A_customer_with_a_long_history_is_exported_and_erased_in_seconds()
    {
        var (customerId, bytes) = await SeedAsync();
        var admin = app.ClientAs(Roles.Administrator);

        var export = Stopwatch.StartNew();
        using var response = await admin.GetAsync($"/api/v1/customers/{customerId}/export", HttpCompletionOption.ResponseHeadersRead);
        var zipBytes = await response.Content.ReadAsByteArrayAsync();
        export.Stop();
        var erase = Stopwatch.StartNew();
        var erased = await (await admin.PostAsync($"/api/v1/customers/{customerId}/erase", Requests.JsonBody(new { reason = "volume" }))).ExpectAsync(HttpStatusCode.OK);
        erase.Stop();

        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        using var data = JsonDocument.Parse(zip.GetEntry("data.json")!.Open());
        var exported = data.RootElement.GetProperty("conversations").EnumerateArray().Sum(c => c.GetProperty("messages").GetArrayLength());
        Assert.Equal(Messages, exported);
        Assert.Equal(Messages / 50 * 2, zip.Entries.Count(e => e.FullName.StartsWith("files/", StringComparison.Ordinal)));
        Assert.Equal(Messages, erased["messages"]!.GetValue<int>());
        output.WriteLine($"{app.Provider}: {Messages} messages ({bytes / 1024} KiB of text, {Messages / 50 * 2} files): "
            + $"export {export.ElapsedMilliseconds} ms ({zipBytes.Length / 1024} KiB zip), erasure {erase.ElapsedMilliseconds} ms");
        Assert.True(export.Elapsed < TimeSpan.FromSeconds(30), $"export took {export.Elapsed}");
        Assert.True(erase.Elapsed < TimeSpan.FromSeconds(30), $"erasure took {erase.Elapsed}");
    }

    private async Task<(Guid CustomerId, long TextBytes)> SeedAsync()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var customer = Customer.Create($"Volume {Unique.Letters()[..10]}", PartyType.Person, CustomerKind.External, null, now);
        var email = CustomerBuilder.UniqueEmail();
        customer.AddContactPoint(new ContactPoint { Type = ContactPointType.Email, Value = email, Normalized = email }, now);
        long bytes = 0;
        await using var scope = app.Services.CreateAsyncScope();
        var blobs = scope.ServiceProvider.GetRequiredService<BlobStore>();
        await app.WithDbAsync(async db =>
        {
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            for (var c = 0; c < 20; c++)
            {
                var conversation = Conversation.Start(customer.Id, $"Topic {c}", Channel.Email, now);
                db.Conversations.Add(conversation);
                for (var i = 0; i < Messages / 20; i++)
                {
                    var n = c * (Messages / 20) + i;
                    var text = $"Message {n} from {customer.Name}: " + string.Concat(Enumerable.Repeat("the parcel has not arrived yet, please look into it. ", 8));
                    bytes += text.Length;
                    var message = new Message
                    {
                        ConversationId = conversation.Id,
                        CustomerId = customer.Id,
                        Direction = n % 2 == 0 ? MessageDirection.Inbound : MessageDirection.Outbound,
                        Channel = Channel.Email,
                        From = "volume@example.com",
                        FromName = customer.Name,
                        Subject = $"Topic {c}",
                        Text = text,
                        At = now.AddMinutes(n),
                        StoredAt = now.AddMinutes(n),
                        ProviderMessageId = $"<{Unique.Letters()}@volume.test>",
                        RawRef = n % 50 == 0 ? await blobs.SaveAsync(Encoding.UTF8.GetBytes($"Subject: Topic {c}\r\n\r\n{text} {n} {Unique.Letters()}"), ".eml", default) : null,
                    };
                    db.Messages.Add(message);
                    if (n % 50 == 0)
                    {
                        db.Attachments.Add(new MessageAttachment
                        {
                            MessageId = message.Id,
                            FileName = $"scan-{n}.txt",
                            MediaType = "text/plain",
                            Size = 40,
                            BlobRef = await blobs.SaveAsync(Encoding.UTF8.GetBytes($"scan {n} {Unique.Letters()}"), ".bin", default),
                        });
                    }
                }

                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        });
        return (customer.Id, bytes);
    }
}

public sealed class SubjectRightsAtVolumeTestsOnSqlite(SqliteRapportFactory app, ITestOutputHelper output) : SubjectRightsAtVolumeTests<SqliteRapportFactory>(app, output);

public sealed class SubjectRightsAtVolumeTestsOnPostgres(PostgresRapportFactory app, ITestOutputHelper output) : SubjectRightsAtVolumeTests<PostgresRapportFactory>(app, output);
