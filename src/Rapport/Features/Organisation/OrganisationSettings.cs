using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Organisation;

/// <summary>The organisation's name and defaults. A single row. Its greetings are reply templates (GreetingReturning, GreetingFirstContact).</summary>
public sealed class OrganisationSettings : IAudited
{
    public static readonly Guid SingletonId = new("00000000-0000-0000-0000-000000000001");

    public Guid Id { get; init; } = SingletonId;
    public string Name { get; set; } = "Rapport demo";
    /// <summary>BCP 47: the language of replies to a customer whose language is not known, and the templates' fallback.</summary>
    public string DefaultLanguage { get; set; } = DefaultLanguageTag;
    public const string DefaultLanguageTag = "en-GB";
    /// <summary>The organisation's postal address, printed as the sender on letters; lines separated by new lines.</summary>
    [Rapport.Infrastructure.Data.FreeText]
    public string? PostalAddress { get; set; }
    public const int PostalAddressMaxLength = 500;

    /// <summary>The settings row, created with defaults (and tracked, to be saved) the first time it is needed.</summary>
    public static async Task<OrganisationSettings> LoadAsync(Infrastructure.Data.RapportDbContext db, CancellationToken ct)
    {
        var settings = await db.OrganisationSettings.FirstOrDefaultAsync(o => o.Id == SingletonId, ct);
        if (settings is null)
        {
            settings = new OrganisationSettings();
            db.OrganisationSettings.Add(settings);
        }

        return settings;
    }

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "organisation";
}

public sealed class OrganisationSettingsConfiguration : IEntityTypeConfiguration<OrganisationSettings>
{
    public void Configure(EntityTypeBuilder<OrganisationSettings> b)
    {
        b.ToTable("organisation_settings");
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.PostalAddress).HasMaxLength(OrganisationSettings.PostalAddressMaxLength);
        b.Property(o => o.DefaultLanguage).HasMaxLength(LanguageTags.MaxLength).HasDefaultValue(OrganisationSettings.DefaultLanguageTag);
    }
}

/// <summary>
/// The organisation's settings; an absent default language (BCP 47) keeps the one set. The greetings are reply templates
/// (purposes greetingReturning and greetingFirstContact, /api/v1/templates). The postal address (lines separated by new
/// lines) is the sender on printed letters; absent keeps the one set, empty removes it.
/// </summary>
public sealed record OrganisationSettingsDto(
    [property: Required, StringLength(200, MinimumLength = 1), NoControlCharacters] string Name,
    [property: StringLength(LanguageTags.MaxLength)] string? DefaultLanguage = null,
    [property: StringLength(OrganisationSettings.PostalAddressMaxLength)] string? PostalAddress = null);
