using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Audit;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Blobs;

namespace Rapport.IntegrationTests.Blobs;

/// <summary>
/// Two nodes on one PostgreSQL database, each with a blobs folder of its own: raw emails and attachments received by one
/// are served by the other, because they are kept in the database; files kept before that are still served.
/// </summary>
public sealed class SharedBlobTests(PostgresRapportFactory app) : IClassFixture<PostgresRapportFactory>
{
    [Fact]
    public async Task An_attachment_and_raw_email_received_by_one_node_download_from_the_other()
    {
        var otherFolder = Directory.CreateTempSubdirectory("rapport-blobs-other-").FullName;
        await using var other = app.WithWebHostBuilder(b => b.UseSetting("Rapport:BlobsDirectory", otherFolder));
        var pdf = RandomNumberGenerator.GetBytes(300_000);
        var raw = Encoding.ASCII.GetBytes($"From: ann@example.com\r\nSubject: Invoice\r\nMessage-ID: <{Unique.Letters()}@example.com>\r\n\r\nSee attached\r\n");
        IngestResult stored;
        InboundAttachment attachment;
        await using (var scope = other.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("tests");
            var rawRef = await scope.ServiceProvider.GetRequiredService<BlobStore>().SaveAsync(raw, ".eml", default);
            var (attachments, _) = await scope.ServiceProvider.GetRequiredService<AttachmentStore>()
                .StoreAsync([new AttachmentCandidate("invoice.pdf", "application/pdf", pdf, null, false)], default);
            attachment = Assert.Single(attachments);
            stored = (await scope.ServiceProvider.GetRequiredService<IngestionPipeline>().IngestAsync(new InboundMessage(Channel.Email,
                $"<{Unique.Letters()}@example.com>", new InboundSender(Email: CustomerBuilder.UniqueEmail()), "See attached", RawRef: rawRef,
                Attachments: attachments), TimeSpan.FromSeconds(30), default)).Result ?? throw new InvalidOperationException("Not processed in 30 s.");
        }

        Assert.Empty(Directory.EnumerateFiles(otherFolder, "*", SearchOption.AllDirectories));
        var admin = app.ClientAs(Roles.Administrator);
        var downloaded = await admin.GetAsync($"/api/v1/messages/{stored.MessageId}/attachments/{attachment.Id}");
        Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        Assert.Equal(pdf, await downloaded.Content.ReadAsByteArrayAsync());
        var rawDownload = await admin.GetAsync($"/api/v1/messages/{stored.MessageId}/raw");
        Assert.Equal(HttpStatusCode.OK, rawDownload.StatusCode);
        Assert.Equal(raw, await rawDownload.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_blob_kept_as_a_file_before_blobs_moved_into_the_database_is_still_served()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var reference = $"{hash[..2]}/{hash}.bin";
        Directory.CreateDirectory(Path.Combine(app.BlobsDirectory, hash[..2]));
        await File.WriteAllBytesAsync(Path.Combine(app.BlobsDirectory, reference), content);

        await using var stream = await app.Services.GetRequiredService<BlobStore>().OpenAsync(reference, default);

        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.Null(await app.Services.GetRequiredService<BlobStore>().OpenAsync($"00/{new string('0', 64)}.bin", default));
    }
}
