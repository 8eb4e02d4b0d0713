using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Complaints;

/// <summary>
/// The organisation's complaint settings: the apology wording agents start from. A single row; it also marks that the
/// causes were seeded from configuration, so deleting every cause never brings the configured ones back.
/// </summary>
public sealed class ComplaintSettings : IAudited
{
    public static readonly Guid SingletonId = new("00000000-0000-0000-0000-000000000016");
    public const int ApologyMaxLength = 1000;

    public Guid Id { get; init; } = SingletonId;
    public string Apology { get; private set; } = ComplaintCauses.DefaultApology;
    public DateTime UpdatedAt { get; private set; }

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "complaintSettings";

    public static ComplaintSettings Seed(string? apology, DateTime now)
    {
        var s = new ComplaintSettings { UpdatedAt = now };
        if (!string.IsNullOrWhiteSpace(apology) && apology.Trim().Length <= ApologyMaxLength)
        {
            s.Apology = apology.Trim();
        }

        return s;
    }

    public void ChangeApology(string? text, DateTime now)
    {
        var clean = text?.Trim() ?? "";
        if (clean.Length is 0 or > ApologyMaxLength)
        {
            throw new InvalidInputException("text", $"Write the apology in 1 to {ApologyMaxLength} characters.");
        }

        (Apology, UpdatedAt) = (clean, now);
    }
}

public sealed class ComplaintSettingsConfiguration : IEntityTypeConfiguration<ComplaintSettings>
{
    public void Configure(EntityTypeBuilder<ComplaintSettings> b)
    {
        b.ToTable("complaint_settings");
        b.Property(s => s.Apology).HasMaxLength(ComplaintSettings.ApologyMaxLength);
    }
}
