using System.Data;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Blobs;

/// <summary>
/// Content-addressed blobs (raw emails, attachments): a blob's reference is its SHA-256 and extension, so storing the same
/// bytes twice keeps one copy, and a stored blob is never changed. On PostgreSQL they live in the database (the
/// <c>blobs</c> table), so every node serves what any node received; files from before that, in the blobs folder, are
/// still served. On SQLite, a single node by nature, they are files next to the database, which keeps large attachments
/// out of its file and write-ahead log.
/// </summary>
public sealed class BlobStore(string root, IServiceScopeFactory scopes, bool inDatabase, TimeProvider time, BlobFiles? files = null)
{
    private readonly BlobFiles files = files ?? new BlobFiles();

    public async Task<string> SaveAsync(byte[] content, string extension, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var reference = $"{hash[..2]}/{hash}{extension}";
        if (inDatabase)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var now = time.GetUtcNow().UtcDateTime;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO blobs ("Ref", "Content", "Length", "CreatedAt") VALUES ({reference}, {content}, {content.LongLength}, {now})
                ON CONFLICT ("Ref") DO NOTHING
                """, ct);
            return reference;
        }

        var path = PathOf(reference);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written aside and renamed: a reader never sees half a blob. A write that fails (the disk full) leaves no
            // partial file behind; the caller's transaction fails with it, so no row refers to the blob.
            var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            try
            {
                await files.WriteAsync(temp, content, ct);
                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }

        return reference;
    }

    /// <summary>
    /// Deletes a blob (an erasure's, once nothing refers to it); true if there was one. Blobs are shared by content, so the
    /// caller checks that no other record still refers to it.
    /// </summary>
    public async Task<bool> DeleteAsync(string reference, CancellationToken ct)
    {
        var path = PathOf(reference);
        var deleted = false;
        if (inDatabase)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            deleted = await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM blobs WHERE "Ref" = {reference}""", ct) > 0;
        }

        if (File.Exists(path))
        {
            File.Delete(path);
            deleted = true;
        }

        return deleted;
    }

    /// <summary>The blob's bytes, whole, or null if it is not kept: for the few readers that need all of it at once.</summary>
    public async Task<byte[]?> ReadAllAsync(string reference, CancellationToken ct)
    {
        if (await OpenAsync(reference, ct) is not { } stream)
        {
            return null;
        }

        await using (stream)
        {
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, ct);
            return bytes.ToArray();
        }
    }

    /// <summary>The blob's bytes as a stream (read from the database as it is sent, not loaded whole), or null if it is not kept.</summary>
    public async Task<Stream?> OpenAsync(string reference, CancellationToken ct)
    {
        var path = PathOf(reference);
        if (inDatabase && await OpenStoredAsync(reference, ct) is { } stored)
        {
            return stored;
        }

        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    private async Task<Stream?> OpenStoredAsync(string reference, CancellationToken ct)
    {
        var scope = scopes.CreateAsyncScope();
        var owned = new List<IAsyncDisposable> { scope };
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            await db.Database.OpenConnectionAsync(ct);
            var command = db.Database.GetDbConnection().CreateCommand();
            owned.Insert(0, command);
            command.CommandText = """SELECT "Content" FROM blobs WHERE "Ref" = @ref""";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "ref";
            parameter.Value = reference;
            command.Parameters.Add(parameter);
            var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, ct);
            owned.Insert(0, reader);
            if (!await reader.ReadAsync(ct))
            {
                await DisposeAllAsync(owned);
                return null;
            }

            return new OwningStream(reader.GetStream(0), owned);
        }
        catch
        {
            await DisposeAllAsync(owned);
            throw;
        }
    }

    private static async Task DisposeAllAsync(List<IAsyncDisposable> owned)
    {
        foreach (var o in owned)
        {
            await o.DisposeAsync();
        }
    }

    private string PathOf(string reference)
    {
        if (reference.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(reference))
        {
            throw new ArgumentException("Not a blob reference.", nameof(reference));
        }

        return Path.Combine(root, reference);
    }

    /// <summary>A column's stream that, once read, releases the reader, command and connection it comes from.</summary>
    private sealed class OwningStream(Stream inner, List<IAsyncDisposable> owned) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private bool released;

        public override async ValueTask DisposeAsync()
        {
            if (!released)
            {
                released = true;
                await inner.DisposeAsync();
                await DisposeAllAsync(owned);
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !released)
            {
                released = true;
                inner.Dispose();
                DisposeAllAsync(owned).GetAwaiter().GetResult();
            }

            base.Dispose(disposing);
        }
    }
}
