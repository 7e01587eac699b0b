using Sluice.Domain.Claims;
using Sluice.Domain.Messages;

namespace Sluice.Domain.Tests;

/// <summary>Message and claim ids: version-7 GUIDs, written and read in the hyphenated "D" form only.</summary>
public sealed class IdTests
{
    private const string Text = "0194a3b2-7c1d-7e2f-8a3b-4c5d6e7f8091";

    [Fact]
    public void Given_new_ids_When_made_Then_version_7_and_distinct()
    {
        Assert.Equal(7, MessageId.New().Value.Version);
        Assert.Equal(7, ClaimId.New().Value.Version);
        Assert.NotEqual(MessageId.New(), MessageId.New());
        Assert.NotEqual(ClaimId.New(), ClaimId.New());
    }

    [Fact]
    public void Given_hyphenated_text_When_parsed_Then_round_trips_through_ToString()
    {
        Assert.True(MessageId.TryParse(Text, out var message));
        Assert.True(ClaimId.TryParse(Text, out var claim));

        Assert.Equal(Text, message.ToString());
        Assert.Equal(Text, claim.ToString());
        Assert.Equal(Guid.Parse(Text), message.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-guid")]
    [InlineData("0194a3b27c1d7e2f8a3b4c5d6e7f8091")]
    [InlineData("{0194a3b2-7c1d-7e2f-8a3b-4c5d6e7f8091}")]
    [InlineData("578f0055508f153f256f717f")]
    public void Given_text_not_in_hyphenated_form_When_parsed_Then_rejected(string text)
    {
        Assert.False(MessageId.TryParse(text, out _));
        Assert.False(ClaimId.TryParse(text, out _));
    }
}
