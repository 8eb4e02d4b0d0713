using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;

namespace Rapport.Features.Coach;

/// <summary>
/// The organisation's glossary as administrators set it: a single row, the terms stored as JSON because they are only
/// ever read and written whole. Until an administrator saves one, the seeded <see cref="Glossary.Default"/> applies.
/// </summary>
public sealed class CoachSettings : IAudited
{
    public static readonly Guid SingletonId = new("00000000-0000-0000-0000-000000000019");
    public const int GlossaryMaxLength = 120_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Guid Id { get; init; } = SingletonId;
    /// <summary>JSON: [{"term":"PNR","plain":"booking reference"}, …].</summary>
    public string Glossary { get; private set; } = "[]";
    public DateTime UpdatedAt { get; private set; }

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "coach-settings";

    public Glossary ToGlossary() => Parse(Glossary);

    public static Glossary Parse(string json) => new(JsonSerializer.Deserialize<List<GlossaryTerm>>(json, Json) ?? []);

    /// <summary>Stores a glossary; building it first is what validates the terms.</summary>
    public void SetGlossary(Glossary glossary, DateTime now)
    {
        Glossary = JsonSerializer.Serialize(glossary.Terms, Json);
        UpdatedAt = now;
    }
}

public sealed class CoachSettingsConfiguration : IEntityTypeConfiguration<CoachSettings>
{
    public void Configure(EntityTypeBuilder<CoachSettings> b)
    {
        b.ToTable("coach_settings");
        b.Property(s => s.Glossary).HasMaxLength(CoachSettings.GlossaryMaxLength);
    }
}
