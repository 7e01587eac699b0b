using System.Net;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>Contract §1.2 and §2: with client_id_uuid_safe=off a Client-ID is any string of 10..36 characters.</summary>
public sealed class LooseClientIdTests(LooseClientIdApp app) : IClassFixture<LooseClientIdApp>
{
    [Theory]
    [InlineData("client-001")]
    [InlineData("not a uuid but fine")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789")]
    public async Task Given_client_id_of_10_to_36_chars_When_get_Then_200(string clientId)
    {
        using var api = app.Api(clientId: clientId);
        Assert.Equal(HttpStatusCode.OK, (await api.Get("/v2/queues")).Status);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("123456789")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789a")]
    public async Task Given_client_id_outside_10_to_36_chars_When_get_Then_400_with_title_only(string clientId)
    {
        using var api = app.Api(clientId: clientId);
        var reply = await api.Get("/v2/queues");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Length of client id must be at least 10 and no greater than 36.", reply.Title);
        Assert.Null(reply.Description);
    }

    [Fact]
    public async Task Given_uuid_safe_off_When_client_id_missing_Then_400_missing_header_value()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, "/v2/queues", ("X-Project-ID", "p")));
        reply.AssertError(HttpStatusCode.BadRequest, "Missing header value", "The \"Client-ID\" header is required.");
    }
}
