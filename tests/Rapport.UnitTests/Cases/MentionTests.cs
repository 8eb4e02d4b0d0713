using Rapport.Features.Cases;

namespace Rapport.UnitTests.Cases;

/// <summary>Who a note mentions: by email, by full name, by a first name only one colleague has.</summary>
public sealed class MentionTests
{
    private static readonly MentionableUser Amira = new(Guid.NewGuid(), "agent@rapport.demo", "Amira Agent");
    private static readonly MentionableUser Ben = new(Guid.NewGuid(), "agent2@rapport.demo", "Ben Okafor");
    private static readonly MentionableUser BenJones = new(Guid.NewGuid(), "ben.jones@rapport.demo", "Ben Jones");
    private static readonly MentionableUser Sam = new(Guid.NewGuid(), "supervisor@rapport.demo", "Sam Supervisor");

    private static readonly MentionableUser[] Staff = [Amira, Ben, BenJones, Sam];

    [Theory]
    [InlineData("@agent2@rapport.demo can you call her back?")]
    [InlineData("Can you call her back, @AGENT2@rapport.demo?")]
    [InlineData("@Ben Okafor can you call her back?")]
    [InlineData("Over to you (@ben okafor).")]
    public void A_colleague_is_found_by_email_or_full_name_in_any_case(string text)
    {
        Assert.Equal([Ben.Id], Mentions.Find(text, Staff));
    }

    [Fact]
    public void A_first_name_is_enough_when_only_one_colleague_has_it()
    {
        Assert.Equal([Sam.Id], Mentions.Find("@Sam please approve the refund", Staff));
    }

    [Fact]
    public void A_first_name_two_colleagues_share_notifies_nobody()
    {
        Assert.Empty(Mentions.Find("@Ben please look", Staff));
    }

    [Fact]
    public void Several_mentions_are_found_once_each_in_order()
    {
        Assert.Equal([Sam.Id, Amira.Id], Mentions.Find("@Sam and @agent@rapport.demo, and again @Sam Supervisor.", Staff));
    }

    [Theory]
    [InlineData("The customer wrote from agent@rapport.demo yesterday")]
    [InlineData("Email supervisor@rapport.demo for approval")]
    [InlineData("Price went up @ 5% and @Samuel is not staff")]
    [InlineData("@nobody@example.com")]
    [InlineData("@")]
    [InlineData("")]
    public void Email_addresses_in_the_text_and_unknown_names_are_not_mentions(string text)
    {
        Assert.Empty(Mentions.Find(text, Staff));
    }
}
