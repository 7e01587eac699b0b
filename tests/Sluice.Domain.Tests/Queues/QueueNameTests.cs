using Sluice.Domain.Queues;

namespace Sluice.Domain.Tests.Queues;

/// <summary>Queue names: 1..64 of ASCII letters, digits, '_', '-', '.'; case-sensitive (§2, §8 item 14).</summary>
public sealed class QueueNameTests
{
    [Theory]
    [InlineData("q")]
    [InlineData("billing")]
    [InlineData("a.b")]
    [InlineData("Jobs_2026-01.retry")]
    [InlineData("...")]
    [InlineData("0123456789_-.abcXYZ")]
    public void Given_name_of_allowed_characters_When_made_Then_it_keeps_the_text(string text)
    {
        var name = new QueueName(text);

        Assert.True(QueueName.IsValid(text));
        Assert.Equal(text, name.Value);
        Assert.Equal(text, name.ToString());
    }

    [Fact]
    public void Given_name_of_64_characters_When_made_Then_accepted()
    {
        Assert.Equal(64, new QueueName(new string('q', 64)).Value.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/ed")]
    [InlineData("colon:x")]
    [InlineData("tilde~")]
    [InlineData("star*")]
    [InlineData("caf\u00e9")]
    [InlineData("\uff41")]
    [InlineData("tab\t")]
    public void Given_name_with_a_character_not_allowed_or_empty_When_made_Then_rejected(string? text)
    {
        Assert.False(QueueName.IsValid(text));
        Assert.Throws<ArgumentException>(() => new QueueName(text!));
    }

    [Fact]
    public void Given_name_of_65_characters_When_made_Then_rejected()
    {
        var text = new string('q', 65);

        Assert.False(QueueName.IsValid(text));
        Assert.Throws<ArgumentException>(() => new QueueName(text));
    }

    [Fact]
    public void Given_names_differing_only_in_case_When_compared_Then_different()
    {
        Assert.NotEqual(new QueueName("Jobs"), new QueueName("jobs"));
        Assert.Equal(new QueueName("jobs"), new QueueName("jobs"));
    }
}
