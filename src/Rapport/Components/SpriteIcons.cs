using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Rapport.Components;

/// <summary>
/// Icons drawn from one SVG sprite, wwwroot/icons.svg, fetched once and cached for good, instead of each icon's paths
/// written out wherever it appears: in every page's HTML and again in every circuit's first render (the navigation's
/// thirty icons alone were 10 KB of both). <c>Icon="@SpriteIcons.Use(Assets, "Inbox")"</c> works wherever MudBlazor
/// takes an icon. The sprite is generated from this table; a unit test fails when the two differ.
/// </summary>
public static class SpriteIcons
{
    /// <summary>The sprite's symbols: id → MudBlazor's icon (its SVG content).</summary>
    public static readonly IReadOnlyDictionary<string, string> Symbols = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AccountCircle"] = Icons.Material.Filled.AccountCircle,
        ["Alarm"] = Icons.Material.Filled.Alarm,
        ["Approval"] = Icons.Material.Filled.Approval,
        ["AutoDelete"] = Icons.Material.Filled.AutoDelete,
        ["Chat"] = Icons.Material.Filled.Chat,
        ["Email"] = Icons.Material.Filled.Email,
        ["Facebook"] = Icons.Custom.Brands.Facebook,
        ["FactCheck"] = Icons.Material.Filled.FactCheck,
        ["Feedback"] = Icons.Material.Filled.Feedback,
        ["Folder"] = Icons.Material.Filled.Folder,
        ["Forum"] = Icons.Material.Filled.Forum,
        ["Forward"] = Icons.Material.Filled.Forward,
        ["Gavel"] = Icons.Material.Filled.Gavel,
        ["Groups"] = Icons.Material.Filled.Groups,
        ["Handshake"] = Icons.Material.Filled.Handshake,
        ["Hub"] = Icons.Material.Filled.Hub,
        ["Inbox"] = Icons.Material.Filled.Inbox,
        ["Insights"] = Icons.Material.Filled.Insights,
        ["Key"] = Icons.Material.Filled.Key,
        ["Logout"] = Icons.Material.Filled.Logout,
        ["Loyalty"] = Icons.Material.Filled.Loyalty,
        ["ManageAccounts"] = Icons.Material.Filled.ManageAccounts,
        ["MarkunreadMailbox"] = Icons.Material.Filled.MarkunreadMailbox,
        ["Menu"] = Icons.Material.Filled.Menu,
        ["MenuBook"] = Icons.Material.Filled.MenuBook,
        ["Notifications"] = Icons.Material.Filled.Notifications,
        ["Outbox"] = Icons.Material.Filled.Outbox,
        ["People"] = Icons.Material.Filled.People,
        ["PersonSearch"] = Icons.Material.Filled.PersonSearch,
        ["Phone"] = Icons.Material.Filled.Phone,
        ["PhonelinkLock"] = Icons.Material.Filled.PhonelinkLock,
        ["Policy"] = Icons.Material.Filled.Policy,
        ["QuestionAnswer"] = Icons.Material.Filled.QuestionAnswer,
        ["RecordVoiceOver"] = Icons.Material.Filled.RecordVoiceOver,
        ["ReportProblem"] = Icons.Material.Filled.ReportProblem,
        ["Schedule"] = Icons.Material.Filled.Schedule,
        ["ShortText"] = Icons.Material.Filled.ShortText,
        ["SmartToy"] = Icons.Material.Filled.SmartToy,
        ["Sms"] = Icons.Material.Filled.Sms,
        ["Spellcheck"] = Icons.Material.Filled.Spellcheck,
        ["Telegram"] = Icons.Custom.Brands.Telegram,
        ["Timer"] = Icons.Material.Filled.Timer,
        ["Videocam"] = Icons.Material.Filled.Videocam,
        ["Visibility"] = Icons.Material.Filled.Visibility,
        ["WhatsApp"] = Icons.Custom.Brands.WhatsApp,
        ["WorkspacePremium"] = Icons.Material.Filled.WorkspacePremium,
    };

    /// <summary>The icon <paramref name="id"/> as a reference into the sprite, for MudBlazor's <c>Icon</c> parameters.</summary>
    public static string Use(ResourceAssetCollection assets, string id) => Symbols.ContainsKey(id)
        ? $"<use href=\"{assets["icons.svg"]}#{id}\"/>"
        : throw new ArgumentException($"The icon sprite has no symbol '{id}'.", nameof(id));

    /// <summary>
    /// A small, decorative icon from the sprite (<paramref name="use"/>: what <see cref="Use"/> or <see cref="UseIcon"/>
    /// give) as MudIcon draws it at <c>Size.Small</c>, with app.css's one class <c>icon-small</c> instead of MudIcon's
    /// three and its role: for lists, where it repeats on every row of the page's HTML and of the circuit's first render.
    /// </summary>
    public static MarkupString Small(string use) =>
        new($"<svg class=\"icon-small\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{use}</svg>");

    // MudBlazor draws some icons alike (Forum and QuestionAnswer): either symbol shows the same.
    private static readonly IReadOnlyDictionary<string, string> IdsByIcon =
        Symbols.GroupBy(s => s.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);

    /// <summary>A MudBlazor icon (its SVG content, e.g. <c>Icons.Material.Filled.Chat</c>) as a reference into the sprite.</summary>
    public static string UseIcon(ResourceAssetCollection assets, string icon) => IdsByIcon.TryGetValue(icon, out var id)
        ? Use(assets, id)
        : throw new ArgumentException("The icon sprite has no symbol for this icon; add it to SpriteIcons.Symbols.", nameof(icon));

    /// <summary>The sprite file's text (wwwroot/icons.svg).</summary>
    public static string Sprite() =>
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n" +
        string.Concat(Symbols.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"<symbol id=\"{s.Key}\" viewBox=\"0 0 24 24\">{s.Value}</symbol>\n")) +
        "</svg>\n";
}
