using Rapport.Features.Channels.Telegram;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels;

/// <summary>Every Telegram case of shared/testdata/webhooks: the secret-token header is the configured secret or nothing.</summary>
public sealed class TelegramSecretTests
{
    public static TheoryData<string> Cases() => [.. TestWebhooks.Cases("telegram")];

    private static (string Secret, string Header) Request(string path)
    {
        var @case = TestWebhooks.Case(path);
        return (@case["secret"]!["value"]!.GetValue<string>(),
            @case["request"]!["headers"]!["X-Telegram-Bot-Api-Secret-Token"]!.GetValue<string>());
    }

    [Fact]
    public void The_cases_are_found_beside_the_repository()
    {
        Assert.Equal(3, Cases().Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_case_is_valid_with_the_header_it_was_sent_with(string path)
    {
        var (secret, header) = Request(path);

        Assert.True(TelegramSecret.IsValid(secret, header));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_case_is_invalid_without_the_header_or_with_another_secret(string path)
    {
        var (secret, header) = Request(path);

        Assert.False(TelegramSecret.IsValid(secret, null));
        Assert.False(TelegramSecret.IsValid(secret, ""));
        Assert.False(TelegramSecret.IsValid(secret, header + "x"));
        Assert.False(TelegramSecret.IsValid(secret, header[..^1]));
        Assert.False(TelegramSecret.IsValid(secret, header.ToUpperInvariant()));
        Assert.False(TelegramSecret.IsValid(secret, " " + header));
        Assert.False(TelegramSecret.IsValid("another_secret-0123456789", header));
    }

    [Fact]
    public void An_unconfigured_empty_secret_accepts_nothing()
    {
        Assert.False(TelegramSecret.IsValid("", ""));
        Assert.False(TelegramSecret.IsValid("", null));
    }

    [Fact]
    public void A_long_secret_beyond_the_stack_buffer_compares_the_same_way()
    {
        var secret = new string('a', 300) + "ü";

        Assert.True(TelegramSecret.IsValid(secret, new string('a', 300) + "ü"));
        Assert.False(TelegramSecret.IsValid(secret, new string('a', 300) + "u"));
    }
}
