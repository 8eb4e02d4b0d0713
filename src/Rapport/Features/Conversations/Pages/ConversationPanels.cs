using Microsoft.AspNetCore.Components;

namespace Rapport.Features.Conversations.Pages;

/// <summary>Where on the conversation page a panel goes: with the case and referral panels, or inside the reply composer.</summary>
public enum PanelPlace { BesideConversation, InComposer }

/// <summary>
/// A component a channel shows on the conversation page (calls, letters, WhatsApp templates), found through
/// registration so that Conversations names no channel. The page offers a few values by name
/// (<see cref="ConversationPanels.Offered"/>); each component receives those it declares as parameters.
/// </summary>
public sealed record ConversationPanel(Type Component, PanelPlace Place, int Order = 0);

public static class ConversationPanels
{
    public static IServiceCollection AddConversationPanel<TComponent>(this IServiceCollection services, PanelPlace place, int order = 0)
        where TComponent : IComponent =>
        services.AddSingleton(new ConversationPanel(typeof(TComponent), place, order));

    /// <summary>The values the page offers: ConversationId, CustomerId, Version (changes with every new message), CustomerLastWroteAt.</summary>
    public static Dictionary<string, object?> Offered(Guid conversationId, Guid customerId, int version, DateTime? customerLastWroteAt) => new()
    {
        ["ConversationId"] = conversationId,
        ["CustomerId"] = customerId,
        ["Version"] = version,
        ["CustomerLastWroteAt"] = customerLastWroteAt,
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, HashSet<string>> Declared = new();

    /// <summary>Those of the offered values the component declares as parameters (looked up once per component type).</summary>
    public static Dictionary<string, object?> ParametersFor(Type component, IReadOnlyDictionary<string, object?> offered)
    {
        var declared = Declared.GetOrAdd(component, static type => type.GetProperties()
            .Where(p => p.IsDefined(typeof(ParameterAttribute), inherit: true)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
        return offered.Where(o => declared.Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value);
    }
}
