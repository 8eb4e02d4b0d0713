using System.Security.Cryptography;

namespace Rapport.Infrastructure.Blobs;

/// <summary>
/// Content-addressed files outside the database (raw emails, attachments): a blob's name is its SHA-256, so storing
/// the same bytes twice keeps one copy, and a stored blob is never changed.
/// </summary>
public sealed class BlobStore(string root)
{
    public async Task<string> SaveAsync(byte[] content, string extension, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var reference = $"{hash[..2]}/{hash}{extension}";
        var path = PathOf(reference);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            await File.WriteAllBytesAsync(temp, content, ct);
            File.Move(temp, path, overwrite: true);
        }

        return reference;
    }

    public Stream? Open(string reference)
    {
        var path = PathOf(reference);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    private string PathOf(string reference)
    {
        if (reference.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(reference))
        {
            throw new ArgumentException("Not a blob reference.", nameof(reference));
        }

        return Path.Combine(root, reference);
    }
}
