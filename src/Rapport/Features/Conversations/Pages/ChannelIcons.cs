using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Components;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations.Pages;

/// <summary>The icon and name of each channel, wherever conversations are shown.</summary>
public static class ChannelIcons
{
    public static string For(Channel channel) => channel switch
    {
        Channel.Email => Icons.Material.Filled.Email,
        Channel.Phone => Icons.Material.Filled.Phone,
        Channel.Sms => Icons.Material.Filled.Sms,
        Channel.Chat => Icons.Material.Filled.Chat,
        Channel.Social => Icons.Material.Filled.Forum,
        Channel.Video => Icons.Material.Filled.Videocam,
        Channel.Letter => Icons.Material.Filled.MarkunreadMailbox,
        Channel.WhatsApp => Icons.Custom.Brands.WhatsApp,
        Channel.Messenger => Icons.Custom.Brands.Facebook,
        Channel.Telegram => Icons.Custom.Brands.Telegram,
        _ => Icons.Material.Filled.QuestionAnswer,
    };

    /// <summary>The channel's icon (<see cref="For"/>) from the icon sprite: for lists, where it repeats on every row.</summary>
    public static string Use(ResourceAssetCollection assets, Channel channel) => SpriteIcons.UseIcon(assets, For(channel));

    public static string Label(Channel channel) => channel switch
    {
        Channel.Sms => "SMS",
        Channel.None => "—",
        _ => channel.ToString(),
    };
}
