using System.ComponentModel.DataAnnotations;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Complaints;

/// <summary>
/// A complaint cause as an administrator writes it. A new cause's key is made from its name and never changes; a
/// retired cause is not offered for new complaints. Position orders the list offered to agents (absent: at the end for a
/// new cause, unchanged for an existing one).
/// </summary>
public sealed record ComplaintCauseRequest(
    [property: Required, StringLength(ComplaintCause.NameMaxLength, MinimumLength = 1), NoControlCharacters] string Name,
    bool Retired = false,
    [property: Range(0, 1000)] int? Position = null);

/// <summary>The apology wording agents start from when they apologise for a complaint.</summary>
public sealed record ApologyWordingDto([property: Required, StringLength(ComplaintSettings.ApologyMaxLength, MinimumLength = 1)] string Text);
