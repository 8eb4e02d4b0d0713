namespace Rapport.Infrastructure.Blobs;

/// <summary>
/// Writes a blob's file (SQLite's blob store; PostgreSQL keeps blobs in the database). A seam of its own so a test can
/// make the disk full, which a container may not let it do for real.
/// </summary>
public class BlobFiles
{
    public virtual Task WriteAsync(string path, byte[] content, CancellationToken ct) => File.WriteAllBytesAsync(path, content, ct);
}
