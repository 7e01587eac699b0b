using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Tests.Tenancy;

/// <summary>Project ids: non-empty, at most 256 characters (§2); any characters otherwise.</summary>
public sealed class TenantIdTests
{
    [Theory]
    [InlineData("p")]
    [InlineData("7ad4d3b0c1a64d7e9ab3b6bd5f3a8c21")]
    [InlineData("any chars/\u00e9:*")]
    public void Given_non_empty_id_When_made_Then_it_keeps_the_text(string text)
    {
        var tenant = new TenantId(text);

        Assert.Equal(text, tenant.Value);
        Assert.Equal(text, tenant.ToString());
    }

    [Fact]
    public void Given_id_of_256_characters_When_made_Then_accepted()
    {
        Assert.True(TenantId.IsValid(new string('p', 256)));
        Assert.Equal(256, new TenantId(new string('p', 256)).Value.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Given_empty_id_When_made_Then_rejected(string? text)
    {
        Assert.False(TenantId.IsValid(text));
        Assert.Throws<ArgumentException>(() => new TenantId(text!));
    }

    [Fact]
    public void Given_id_of_257_characters_When_made_Then_rejected()
    {
        Assert.False(TenantId.IsValid(new string('p', 257)));
        Assert.Throws<ArgumentException>(() => new TenantId(new string('p', 257)));
    }

    [Fact]
    public void Given_ids_differing_only_in_case_When_compared_Then_different()
    {
        Assert.NotEqual(new TenantId("Project"), new TenantId("project"));
    }
}
