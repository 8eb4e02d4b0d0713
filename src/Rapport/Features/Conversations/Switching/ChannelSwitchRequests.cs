using System.ComponentModel.DataAnnotations;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>
/// Continue a conversation on another channel (C7). For email, SMS and phone name one of the customer's own contact points
/// (<see cref="ContactPointId"/>) or enter a new one (<see cref="NewContactPoint"/>, added to the customer, audited); web
/// chat and the messaging apps continue where the customer wrote on them and take neither. <see cref="Text"/> replaces the
/// organisation's "Channel switch" template for the message that tells the customer; a switch to phone sends nothing.
/// </summary>
public sealed record ChannelSwitchRequest(
    Channel Channel,
    Guid? ContactPointId = null,
    [property: StringLength(ContactPointRules.ValueMaxLength)] string? NewContactPoint = null,
    [property: StringLength(Message.TextMaxLength)] string? Text = null);

/// <summary>A contact point the conversation can continue on, with a <c>tel:</c> link for phone numbers.</summary>
public sealed record SwitchContactPointDto(Guid Id, string Value, string? Label, string? Link, bool Failing);

/// <summary>
/// One channel in "Continue on…": whether it can be used now and why not (no account configured, WhatsApp's 24 hours),
/// whether it is the customer's preferred channel or one their accessibility needs suggest, and what to bear in mind.
/// </summary>
public sealed record ChannelOptionDto(Channel Channel, string Label, bool Enabled, string? Reason, bool Preferred, bool Suggested,
    bool NeedsContactPoint, IReadOnlyList<SwitchContactPointDto> ContactPoints, string? ContinuesAt, IReadOnlyList<string> Notes);

/// <summary>
/// Where replies go now, the customer's preferences (channel, window, whether now is inside it, accessibility) and the
/// channels the conversation can continue on, the preferred one first.
/// </summary>
public sealed record ChannelOptionsDto(Guid ConversationId, Channel RepliesGoOn, Channel PreferredChannel, string? PreferredWindow, string? PreferredTimes,
    bool OutsidePreferredTimes, IReadOnlyList<string> Warnings, IReadOnlyList<string> AccessibilityNotes, IReadOnlyList<ChannelOptionDto> Options);

/// <summary>
/// A switch made: the message that told the customer on the new channel (none for phone), the note on the conversation and
/// timeline, a <c>tel:</c> link for a switch to phone, and what the agent was warned about (another channel than the
/// customer's preferred one, a time outside their preferred times).
/// </summary>
public sealed record ChannelSwitchDto(Guid Id, Guid ConversationId, Channel From, Channel To, string? Address, string By, DateTime At,
    MessageDto? Message, MessageDto Note, string? CallLink, IReadOnlyList<string> Warnings);
