using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Infrastructure.Blobs;

/// <summary>
/// A blob kept in the database, so every node of a PostgreSQL deployment reads what any node received. Keyed by the
/// same reference a file would have (its SHA-256 and extension), so references stay the same wherever the bytes live.
/// </summary>
public sealed class StoredBlob
{
    public required string Ref { get; init; }
    public required byte[] Content { get; init; }
    public long Length { get; init; }
    public DateTime CreatedAt { get; init; }
}

public sealed class StoredBlobConfiguration : IEntityTypeConfiguration<StoredBlob>
{
    public void Configure(EntityTypeBuilder<StoredBlob> b)
    {
        b.ToTable("blobs");
        b.HasKey(x => x.Ref);
        b.Property(x => x.Ref).HasMaxLength(300);
    }
}
