using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests;

public sealed class SmokeTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_a_posted_message_When_listed_with_echo_Then_its_body_comes_back_verbatim()
    {
        using var api = app.Api();
        var ids = await api.PostMessages("smoke", "{\"a\": 1,  \"b\":\"é\"}");
        var list = await api.Get("/v2/queues/smoke/messages?echo=true");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("\"body\":{\"a\": 1,  \"b\":\"é\"}", list.Body, StringComparison.Ordinal);
        Assert.Equal(ids[0], list.Json!["messages"]![0]!["id"]!.GetValue<string>());
    }
}
