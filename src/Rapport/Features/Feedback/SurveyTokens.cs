using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Rapport.Features.Feedback;

/// <summary>What a survey link says when read: whose survey it is, or why it cannot be used.</summary>
public enum SurveyLinkState { Valid, Invalid, Expired }

/// <summary>
/// The token in a survey link: the survey's id and the link's expiry, encrypted and signed with the host's
/// data-protection keys (shared by every node, as the chat visitor tokens are). Nobody without the keys can make one or
/// change a byte of it; the expiry is checked against the product's clock. One use is enforced by the survey's status.
/// </summary>
public sealed class SurveyTokens(IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector protector = protection.CreateProtector("Rapport.Feedback.SurveyLink.v1");

    public string Issue(Guid surveyId, DateTime expiresAt) =>
        protector.Protect($"{surveyId:N}.{new DateTimeOffset(DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc)).ToUnixTimeSeconds()}");

    public (SurveyLinkState State, Guid SurveyId) Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return (SurveyLinkState.Invalid, Guid.Empty);
        }

        try
        {
            var parts = protector.Unprotect(token).Split('.');
            if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id) || !long.TryParse(parts[1], out var expires))
            {
                return (SurveyLinkState.Invalid, Guid.Empty);
            }

            return time.GetUtcNow().ToUnixTimeSeconds() < expires ? (SurveyLinkState.Valid, id) : (SurveyLinkState.Expired, id);
        }
        catch (CryptographicException)
        {
            return (SurveyLinkState.Invalid, Guid.Empty);
        }
        catch (FormatException)
        {
            return (SurveyLinkState.Invalid, Guid.Empty);
        }
    }
}
