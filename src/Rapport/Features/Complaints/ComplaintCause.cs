using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Complaints;

/// <summary>
/// One of the organisation's complaint causes (Listen step). Its key, made from its first name, is what complaints store,
/// so it never changes: a cause can be renamed, and retired (no longer offered) once complaints use it, never deleted, so
/// measures by cause keep their history.
/// </summary>
public sealed class ComplaintCause : IAudited
{
    public const int KeyMaxLength = 80;
    public const int NameMaxLength = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public string Key { get; private init; } = "";
    public string Name { get; private set; } = "";
    /// <summary>Retired causes are no longer offered for new complaints; the complaints that have them keep them.</summary>
    public bool Retired { get; private set; }
    /// <summary>Where the cause comes in the list offered to agents.</summary>
    public int Position { get; private set; }
    public DateTime CreatedAt { get; private init; }
    public DateTime UpdatedAt { get; private set; }

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "complaintCause";

    public static ComplaintCause Create(string name, int position, DateTime now, bool retired = false)
    {
        var clean = RequireName(name);
        var key = ComplaintCauses.KeyFor(clean);
        if (key.Length == 0)
        {
            throw new InvalidInputException("name", "Give the cause a name with letters or digits.");
        }

        return new ComplaintCause { Key = key[..Math.Min(key.Length, KeyMaxLength)], Name = clean, Position = position, Retired = retired, CreatedAt = now, UpdatedAt = now };
    }

    public void Change(string name, bool retired, int position, DateTime now)
    {
        (Name, Retired, Position, UpdatedAt) = (RequireName(name), retired, position, now);
    }

    private static string RequireName(string? name)
    {
        var clean = name?.Trim() ?? "";
        if (clean.Length is 0 or > NameMaxLength)
        {
            throw new InvalidInputException("name", $"Give the cause a name of 1 to {NameMaxLength} characters.");
        }

        if (clean.Any(char.IsControl))
        {
            throw new InvalidInputException("name", "A cause's name is one line of text.");
        }

        return clean;
    }

    public ComplaintCauseDto ToDto() => new(Key, Name, Retired);
}

public sealed class ComplaintCauseConfiguration : IEntityTypeConfiguration<ComplaintCause>
{
    public void Configure(EntityTypeBuilder<ComplaintCause> b)
    {
        b.ToTable("complaint_causes");
        b.Property(c => c.Key).HasMaxLength(ComplaintCause.KeyMaxLength);
        b.Property(c => c.Name).HasMaxLength(ComplaintCause.NameMaxLength);
        b.HasIndex(c => c.Key).IsUnique().HasDatabaseName("ux_complaint_causes_key");
    }
}
