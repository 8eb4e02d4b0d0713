using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rapport.Infrastructure.Api.OpenApi;

/// <summary>
/// Every operation gets an operationId and a short summary. The id is the endpoint's name (<c>WithName</c>) or else its
/// handler method's name, camelCased (<c>ListCustomers</c> → <c>listCustomers</c>): client method names then follow the
/// code, and stay put when a path changes. The handler's XML summary, if any, becomes the description.
/// </summary>
internal sealed class NameOperations : IOpenApiOperationTransformer
{
    private const int LongestSummary = 100;

    // Handler names that say too little on their own.
    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        ["me"] = "Get the signed-in user",
        ["bulk"] = "Change many cases at once",
        ["keep"] = "Mark a promise kept",
        ["break"] = "Mark a promise broken",
        ["measures"] = "Promise measures per agent and team",
        ["verify"] = "Verify the audit trail",
        ["accept"] = "Accept a referral",
        ["decline"] = "Decline a referral",
        ["withdraw"] = "Withdraw a referral",
        ["refer"] = "Refer a case or conversation",
        ["reply"] = "Reply to the customer",
        ["assign"] = "Assign a case",
        ["detect"] = "Detect promises in a draft",
        ["forCase"] = "Service clocks of a case",
        ["search"] = "Search",
        ["approve"] = "Approve an action",
        ["reject"] = "Reject an action",
        ["getSettings"] = "Get the organisation's settings",
        ["updateSettings"] = "Update the organisation's settings",
        ["listKinds"] = "List case kinds",
        ["createKind"] = "Create a case kind",
        ["deleteKind"] = "Delete a case kind",
        ["listNotes"] = "List customer notes",
        ["getHistory"] = "Get customer history",
        ["receiveNow"] = "Fetch a mailbox's new mail now",
        ["downloadRaw"] = "Download the raw email",
        ["retrySetAside"] = "Retry a set-aside message",
        ["myLimits"] = "Get my authority limits",
        ["dueSoon"] = "Clocks due soon and breaches",
        ["markRead"] = "Mark a notification read",
        ["markAllRead"] = "Mark all notifications read",
        ["setMembers"] = "Set a team's members",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var name = NameOf(context.Description.ActionDescriptor.EndpointMetadata);
        if (name is null)
        {
            return Task.CompletedTask;
        }

        var id = char.ToLowerInvariant(name[0]) + name[1..];
        operation.OperationId = id;
        var written = operation.Summary?.Trim();
        if (!string.IsNullOrEmpty(written))
        {
            operation.Description ??= written;
        }

        operation.Summary = Summaries.TryGetValue(id, out var summary) ? summary : written is { Length: > 0 and <= LongestSummary } && !written.Contains(". ", StringComparison.Ordinal)
            ? written.TrimEnd('.')
            : Humanize(name);
        return Task.CompletedTask;
    }

    internal static string? NameOf(IList<object> metadata) =>
        metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName
        ?? metadata.OfType<MethodInfo>().FirstOrDefault(m => !m.Name.Contains('<', StringComparison.Ordinal))?.Name;

    /// <summary><c>ListCustomers</c> → "List customers".</summary>
    internal static string Humanize(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(name[i]));
            }
            else
            {
                text.Append(i == 0 ? char.ToUpperInvariant(name[i]) : name[i]);
            }
        }

        return text.ToString();
    }
}
