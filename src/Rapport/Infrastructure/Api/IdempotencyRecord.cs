using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Infrastructure.Api;

/// <summary>The remembered outcome of a create made with an Idempotency-Key, replayed when the key is reused.</summary>
public sealed class IdempotencyRecord
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Principal { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public int StatusCode { get; init; }
    public string? Location { get; init; }
    /// <summary>The ETag the first answer carried; a replay is that answer, so it carries the same one.</summary>
    public string? ETag { get; init; }
    public required string ResponseBody { get; init; }
    public DateTime CreatedAt { get; init; }
}

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_records");
        b.Property(r => r.Principal).HasMaxLength(100);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.Location).HasMaxLength(500);
        b.Property(r => r.ETag).HasMaxLength(100);
        b.HasIndex(r => new { r.Principal, r.Key }).IsUnique().HasDatabaseName("ux_idempotency_by_principal_key");
    }
}
