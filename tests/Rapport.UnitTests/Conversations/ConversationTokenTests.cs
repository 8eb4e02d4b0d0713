using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Conversations;

public sealed class ConversationTokenTests
{
    private static readonly Guid Id = Guid.Parse("019abcde-1234-7000-8000-0123456789ab");

    [Fact]
    public void A_token_is_short_stable_and_differs_between_conversations()
    {
        var token = ConversationToken.For(Id);

        Assert.Matches("^R-[0-9A-HJKMNP-TV-Z]{8}$", token);
        Assert.Equal(token, ConversationToken.For(Id));
        var others = Enumerable.Range(0, 1000).Select(_ => ConversationToken.For(Guid.CreateVersion7())).ToHashSet();
        Assert.Equal(1000, others.Count);
        Assert.DoesNotContain(token, others);
    }

    [Fact]
    public void Tagging_adds_the_token_once_at_the_end()
    {
        var tagged = ConversationToken.Tag("Re: Broken kettle", Id);

        Assert.Equal($"Re: Broken kettle [#{ConversationToken.For(Id)}]", tagged);
        Assert.Equal(tagged, ConversationToken.Tag(tagged, Id));
        Assert.Equal(tagged.ToLowerInvariant(), ConversationToken.Tag(tagged.ToLowerInvariant(), Id));
    }

    [Fact]
    public void A_long_subject_is_cut_so_the_token_survives_the_300_character_limit()
    {
        var tagged = ConversationToken.Tag("Re: " + new string('x', 400), Id);

        Assert.True(tagged.Length <= 300);
        Assert.Equal(ConversationToken.For(Id), ConversationToken.Find(tagged));
    }

    [Theory]
    [InlineData("Re: Broken kettle [#R-7KQ2M9XA]", "R-7KQ2M9XA")]
    [InlineData("AW: Re: broken kettle [#r-7kq2m9xa] more", "R-7KQ2M9XA")]
    [InlineData("Fwd: [#R-AAAAAAAA] Re: x [#R-BBBBBBBB]", "R-BBBBBBBB")]
    [InlineData("Re: Broken kettle", null)]
    [InlineData("Re: [#R-123] too short", null)]
    [InlineData("Re: #R-7KQ2M9XA without brackets", null)]
    [InlineData(null, null)]
    public void The_token_is_found_in_a_subject(string? subject, string? expected)
    {
        Assert.Equal(expected, ConversationToken.Find(subject));
    }
}
