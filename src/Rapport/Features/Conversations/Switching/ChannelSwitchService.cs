using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.ServiceStandards;
using Rapport.Features.Templates;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// "Continue on…" (C7, <c>000 PC8</c>): the channels a conversation can move to, and the move itself — the same
/// conversation and cases, the customer told on the new channel in the organisation's words (the "Channel switch"
/// template), no re-identification, a note on the conversation and the customer's timeline, and later replies on the new
/// channel (<see cref="ChannelSwitchRoute"/>). The customer's preferences (C2) order and annotate the choice.
/// </summary>
public sealed class ChannelSwitchService(RapportDbContext db, TimeProvider time, IEnumerable<IReplyChannel> channels, ReplyService replies,
    ConversationService conversations, TemplateService templates, ContactPointRules rules, ConversationEvents events)
{
    /// <summary>The channels offered, in the order they are listed when the customer has no preference.</summary>
    public static readonly Channel[] Offered =
        [Channel.Email, Channel.Sms, Channel.Phone, Channel.WhatsApp, Channel.Messenger, Channel.Telegram, Channel.Chat, Channel.Video, Channel.Letter];

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The options for a conversation the viewer may see; null otherwise.</summary>
    public async Task<ChannelOptionsDto?> OptionsAsync(Guid conversationId, Viewer viewer, CancellationToken ct)
    {
        var conversation = await VisibleAsync(conversationId, viewer, ct);
        return conversation is null ? null : (await ReadAsync(conversation, ct)).Options;
    }

    /// <summary>
    /// The message a reply would answer because of the conversation's latest switch, and when the switch was made: the
    /// composer compares it with the customer's latest message as <see cref="ReplyService"/> does. Null when there is none.
    /// </summary>
    public async Task<(MessageDto Answering, DateTime At)?> RouteAsync(Guid conversationId, Viewer viewer, CancellationToken ct)
    {
        var conversation = await VisibleAsync(conversationId, viewer, ct);
        if (conversation is null || await ChannelSwitchRoute.InForceAsync(db, conversationId, null, ct) is not { } change)
        {
            return null;
        }

        return await ChannelSwitchRoute.AnsweringAsync(db, conversation, change, ct) is { } answering ? (answering.ToDto(), change.At) : null;
    }

    public async Task<ChannelSwitchDto?> SwitchAsync(Guid conversationId, ChannelSwitchRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!Enum.IsDefined(request.Channel) || request.Channel == Channel.None)
        {
            throw new InvalidInputException("channel", $"Name the channel to continue on: one of {string.Join(", ", Offered.Select(c => c.ToString().ToLowerInvariant()))}.");
        }

        var conversation = await VisibleAsync(conversationId, Viewer.Of(user), ct);
        if (conversation is null)
        {
            return null;
        }

        var state = await ReadAsync(conversation, ct);
        // An erased person's record takes no new personal data, and a merged one is continued on its survivor (C22).
        Customer.RefuseIfErased(state.Customer.ErasedAt);
        if (state.Customer.MergedIntoId is { } survivor)
        {
            throw new ConflictException($"This customer was merged into {survivor}: continue the conversation from that record.");
        }

        var option = state.Options.Options.Single(o => o.Channel == request.Channel);
        if (!option.Enabled)
        {
            throw new InvalidInputException("channel", $"The conversation cannot continue on {option.Label} now: {option.Reason}");
        }

        var (point, isNew) = ContactPointFor(request, option, state.Customer);
        var name = user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
        var now = Now;
        var from = state.Options.RepliesGoOn;
        var warnings = WarningsFor(request.Channel, state);
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        if (isNew && point is not null)
        {
            var customer = await db.Customers.Include(c => c.ContactPoints).FirstAsync(c => c.Id == conversation.CustomerId, ct);
            db.Audit.Reason = $"Entered when continuing a conversation on {option.Label}";
            point = customer.AddContactPoint(point, now);
        }

        var change = new ChannelSwitch
        {
            ConversationId = conversation.Id,
            CustomerId = conversation.CustomerId,
            FromChannel = from,
            ToChannel = request.Channel,
            ContactPointId = point?.Id,
            ByUserId = user.UserId(),
            ByName = name,
            At = now,
        };
        db.Add(change);
        await db.SaveChangesAsync(ct);
        var address = point?.Normalized ?? option.ContinuesAt;

        var noteText = $"Switched from {Label(from)} to {option.Label}{(address is null ? "" : $" ({address})")} by {name}."
            + (request.Channel == Channel.Phone ? " The next step is a call." : $" Replies now go by {option.Label}.");
        var note = (await conversations.AddNoteAsync(conversation.Id, noteText, user, ct))!;
        Message? told = null;
        if (ChannelSwitchRoute.CarriesReplies(request.Channel))
        {
            var text = string.IsNullOrWhiteSpace(request.Text) ? await TemplateTextAsync(conversation, from, request.Channel, user, ct) : request.Text;
            told = await replies.ReplyAsync(conversation.Id, text, user, ct);
        }

        await transaction.CommitAsync(ct);
        // The note and the reply announced themselves inside the transaction; a screen that refreshed on those may have
        // read before the commit, so it hears once more now that everything is visible.
        events.Changed(conversation.Id);
        return new ChannelSwitchDto(change.Id, conversation.Id, from, request.Channel, address, name, now, told?.ToDto(), note.ToDto(),
            request.Channel == Channel.Phone && address is not null ? $"tel:{address}" : null, warnings);
    }

    private async Task<string> TemplateTextAsync(Conversation conversation, Channel from, Channel to, ClaimsPrincipal user, CancellationToken ct) =>
        (await templates.RenderAsync(null, TemplatePurpose.ChannelSwitch, new TemplateSubject(conversation.CustomerId, null, conversation.Id), to,
            new TemplateExtras(ChannelFrom: FromWords(from), ChannelTo: ToWords(to)), Viewer.Of(user), TemplateService.AgentName(user), ct))?.Text
        ?? throw new InvalidInputException("text",
            $"No \"Channel switch\" template fits {ToWords(to)} (an administrator may have limited it to another channel): write the message to the customer.");

    /// <summary>The contact point a switch to email, SMS or phone continues on: one of the customer's own, or a new one (not yet saved).</summary>
    private (ContactPoint? Point, bool IsNew) ContactPointFor(ChannelSwitchRequest request, ChannelOptionDto option, Customer customer)
    {
        if (!option.NeedsContactPoint)
        {
            if (request.ContactPointId is not null || !string.IsNullOrWhiteSpace(request.NewContactPoint))
            {
                throw new InvalidInputException(request.ContactPointId is not null ? "contactPointId" : "newContactPoint",
                    $"{option.Label} continues where the customer last wrote on it ({option.ContinuesAt}); it takes no contact point.");
            }

            return (null, false);
        }

        var type = request.Channel == Channel.Email ? ContactPointType.Email : ContactPointType.Phone;
        if (request.ContactPointId is { } id)
        {
            if (!string.IsNullOrWhiteSpace(request.NewContactPoint))
            {
                throw new InvalidInputException("newContactPoint", "Choose one of the customer's contact points or enter a new one, not both.");
            }

            var point = customer.ContactPoints.FirstOrDefault(p => p.Id == id && p.Type == type)
                ?? throw new InvalidInputException("contactPointId", $"The customer has no {TypeWord(type)} with the id '{id}'.");
            return (point, false);
        }

        if (string.IsNullOrWhiteSpace(request.NewContactPoint))
        {
            throw new InvalidInputException("contactPointId", $"Choose which of the customer's {TypeWord(type)}s to continue on, or enter a new one in newContactPoint.");
        }

        var created = rules.Create(type, request.NewContactPoint, null, null, "newContactPoint");
        var existing = customer.ContactPoints.FirstOrDefault(p => p.Type == type && p.Normalized == created.Normalized);
        return existing is not null ? (existing, false) : (created, true);
    }

    private static string TypeWord(ContactPointType type) => type == ContactPointType.Email ? "email address" : "phone number";

    private Task<Conversation?> VisibleAsync(Guid id, Viewer viewer, CancellationToken ct) =>
        db.Conversations.AsNoTracking().Where(c => c.Id == id).VisibleTo(db, viewer).FirstOrDefaultAsync(ct);

    private sealed record State(ChannelOptionsDto Options, Customer Customer, bool Outside);

    private async Task<State> ReadAsync(Conversation conversation, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.ContactPoints).FirstAsync(c => c.Id == conversation.CustomerId, ct);
        var profile = customer.Profile;
        var zone = (await OrganisationCalendar.LoadAsync(db, ct)).TimeZone;
        var outside = PreferredTimeWindow.HasWindow(profile) && !PreferredTimeWindow.Contains(profile, Now, zone);
        var repliesGoOn = await RepliesGoOnAsync(conversation, ct);

        var options = new List<ChannelOptionDto>();
        foreach (var channel in Offered)
        {
            options.Add(await OptionAsync(conversation, customer, channel, repliesGoOn, ct));
        }

        var ordered = options.OrderByDescending(o => o.Preferred).ThenByDescending(o => o.Suggested).ThenByDescending(o => o.Enabled).ToList();
        var warnings = new List<string>();
        if (profile.PreferredChannel != Channel.None && repliesGoOn != profile.PreferredChannel && repliesGoOn != Channel.None)
        {
            warnings.Add($"{customer.Name} prefers {Label(profile.PreferredChannel)}; replies in this conversation go by {Label(repliesGoOn)}.");
        }

        if (outside)
        {
            warnings.Add($"It is outside {customer.Name}'s preferred times now ({PreferredTimeWindow.Describe(profile)}{(profile.PreferredTimes is null ? "" : $"; “{profile.PreferredTimes}”")}).");
        }

        var accessibility = new List<string>();
        if (profile.NeedsRelayService)
        {
            accessibility.Add("Relay service: call through a relay (text relay: dial 18001 before the number) and speak to the customer, not the relay assistant; allow extra time. Text channels (email, SMS, chat) need no relay.");
        }

        if (profile.NeedsLargePrint)
        {
            accessibility.Add("Large print: email is suggested (the customer can enlarge it); letters go in large print.");
        }

        if (profile.NeedsTranslator)
        {
            accessibility.Add("Translator: on a call, allow for the translator and address the customer.");
        }

        var dto = new ChannelOptionsDto(conversation.Id, repliesGoOn, profile.PreferredChannel, PreferredTimeWindow.Describe(profile), profile.PreferredTimes,
            outside, warnings, accessibility, ordered);
        return new State(dto, customer, outside);
    }

    private static List<string> WarningsFor(Channel chosen, State state)
    {
        var warnings = new List<string>();
        var preferred = state.Options.PreferredChannel;
        if (preferred != Channel.None && chosen != preferred)
        {
            warnings.Add($"{state.Customer.Name} prefers {Label(preferred)}, not {Label(chosen)}.");
        }

        if (state.Outside)
        {
            warnings.Add($"It is outside {state.Customer.Name}'s preferred times now ({state.Options.PreferredWindow}).");
        }

        return warnings;
    }

    /// <summary>The channel a reply would go out on now, as <see cref="ReplyService"/> picks it; the conversation's last channel when none.</summary>
    private async Task<Channel> RepliesGoOnAsync(Conversation conversation, CancellationToken ct)
    {
        var candidates = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.Direction == MessageDirection.Inbound && !m.IsAutomatic)
            .OrderByDescending(m => m.At).Take(20).ToListAsync(ct);
        var last = candidates.FirstOrDefault(m => channels.Any(c => c.Answers(m.Channel, m.ReplyTo)));
        if (await ChannelSwitchRoute.InForceAsync(db, conversation.Id, last?.StoredAt, ct) is { } change)
        {
            return change.ToChannel;
        }

        return last is null ? conversation.LastChannel : channels.First(c => c.Answers(last.Channel, last.ReplyTo)).ReplyOn(last.Channel);
    }

    private async Task<ChannelOptionDto> OptionAsync(Conversation conversation, Customer customer, Channel channel, Channel repliesGoOn, CancellationToken ct)
    {
        var profile = customer.Profile;
        var preferred = profile.PreferredChannel == channel;
        var suggested = (profile.NeedsLargePrint && channel == Channel.Email) || (profile.NeedsRelayService && channel is Channel.Sms or Channel.Email or Channel.Chat);
        var notes = new List<string>();
        if (channel == Channel.Phone && profile.NeedsRelayService)
        {
            notes.Add("Call via a relay service (text relay: 18001 before the number).");
        }

        if (channel == Channel.Letter && profile.NeedsLargePrint)
        {
            notes.Add("Letters to this customer go in large print.");
        }

        var label = Label(channel);
        ChannelOptionDto Disabled(string reason) => new(channel, label, false, reason, preferred, suggested, false, [], null, notes);

        if (channel is Channel.Video or Channel.Letter)
        {
            return Disabled(channel == Channel.Video
                ? "A video meeting is offered to the customer as a link in a reply or from the call log, not as a channel to switch to."
                : "A letter is written from the customer's page; the conversation's replies stay where they are.");
        }

        if (channel == repliesGoOn && channel is not (Channel.Email or Channel.Sms))
        {
            return Disabled($"Replies in this conversation already go by {label}.");
        }

        if (channel is Channel.Email or Channel.Sms or Channel.Phone)
        {
            var type = channel == Channel.Email ? ContactPointType.Email : ContactPointType.Phone;
            var points = customer.ContactPoints.Where(p => p.Type == type).OrderBy(p => p.FailingSince is not null).ThenBy(p => p.Id)
                .Select(p => new SwitchContactPointDto(p.Id, p.Value, p.Label, type == ContactPointType.Phone ? $"tel:{p.Normalized}" : null, p.FailingSince is not null))
                .ToList();
            if (channel == Channel.Phone)
            {
                return new ChannelOptionDto(channel, label, true, null, preferred, suggested, true, points, null, notes);
            }

            var probe = new Message
            {
                ConversationId = conversation.Id,
                CustomerId = conversation.CustomerId,
                Direction = MessageDirection.Inbound,
                Channel = channel,
                From = customer.ContactPoints.FirstOrDefault(p => p.Type == type)?.Normalized ?? (type == ContactPointType.Email ? "probe@example.invalid" : "+447700900000"),
                Text = "",
                At = Now,
            };
            return await CannotSendAsync(conversation, probe, ct) is { } reason
                ? Disabled(reason)
                : new ChannelOptionDto(channel, label, true, null, preferred, suggested, true, points, null, notes);
        }

        var wrote = await ChannelSwitchRoute.LatestFromCustomerAsync(db, conversation, channel, ct);
        if (wrote is null)
        {
            return Disabled(channel switch
            {
                Channel.Chat => "The customer is not in a web chat in this conversation; a web chat is started by the customer from the organisation's site.",
                Channel.Telegram => "Telegram lets the organisation's bot write only to someone who has started a chat with it, and this customer has not.",
                _ => $"{label} lets the organisation write only to someone who has written to it there, and this customer has not.",
            });
        }

        return await CannotSendAsync(conversation, wrote, ct) is { } refused
            ? Disabled(refused)
            : new ChannelOptionDto(channel, label, true, null, preferred, suggested, false, [], PhoneNumberRule.DisplayIfNumber(wrote.From), notes);
    }

    /// <summary>Why the channel would refuse a reply now (no account or mailbox, WhatsApp's 24 hours): the channel's own words, asked without sending.</summary>
    private async Task<string?> CannotSendAsync(Conversation conversation, Message answering, CancellationToken ct)
    {
        var channel = channels.FirstOrDefault(c => c.Answers(answering.Channel, answering.ReplyTo));
        if (channel is null)
        {
            return $"Rapport cannot send on {Label(answering.Channel)}.";
        }

        try
        {
            await channel.AddressAsync(new ReplyContext(conversation, answering, Guid.CreateVersion7()), ct);
            return null;
        }
        catch (InvalidInputException e)
        {
            return e.Message;
        }
    }

    public static string Label(Channel channel) => channel switch
    {
        Channel.Sms => "SMS",
        Channel.Chat => "web chat",
        Channel.Email => "email",
        Channel.Phone => "phone",
        Channel.Video => "video",
        Channel.Letter => "letter",
        Channel.Social => "social media",
        Channel.None => "no channel",
        _ => channel.ToString(),
    };

    /// <summary>What the customer reads in the template: "following your chat with us".</summary>
    public static string FromWords(Channel channel) => channel switch
    {
        Channel.Chat => "chat",
        Channel.Email => "email",
        Channel.Phone => "call",
        Channel.Sms => "text messages",
        Channel.Video => "video call",
        Channel.Letter => "letter",
        Channel.WhatsApp or Channel.Messenger or Channel.Telegram => $"{channel} conversation",
        _ => "conversation",
    };

    /// <summary>"we're continuing here by email".</summary>
    public static string ToWords(Channel channel) => channel switch
    {
        Channel.Email => "email",
        Channel.Sms => "text message",
        Channel.Chat => "chat",
        Channel.Phone => "phone",
        _ => channel.ToString(),
    };
}
