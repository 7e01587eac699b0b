using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>An empty final segment is an empty id, as Zaqar routes it (contract §1.1).</summary>
public sealed class TrailingSlashTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_queues_with_trailing_slash_When_requested_Then_400_invalid_queue_identification()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/queues/");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Invalid queue identification", reply.Title);
    }

    [Theory]
    [InlineData("/v2/queues/q/")]
    [InlineData("/v2/queues/q/stats/")]
    public async Task Given_a_queue_path_with_trailing_slash_When_requested_Then_404(string path)
    {
        using var api = app.Api();
        var reply = await api.Get(path);
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("{\"title\":\"404 Not Found\"}", reply.Body);
    }

    [Fact]
    public async Task Given_messages_with_trailing_slash_When_get_or_delete_Then_an_empty_message_id_that_does_not_exist()
    {
        using var api = app.Api();
        await api.PostMessages("q", "1");
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get("/v2/queues/q/messages/")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete("/v2/queues/q/messages/")).Status);
        Assert.Equal(1, (await api.Get("/v2/queues/q/stats")).Json!["messages"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Given_any_request_When_answered_Then_the_request_id_is_echoed_or_made()
    {
        using var api = app.Api();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/queues");
        request.Headers.Add("X-Openstack-Request-Id", "req-abc");
        var echoed = await api.Send(request);
        Assert.Equal("req-abc", echoed.Headers.GetValues("X-Openstack-Request-Id").Single());
        var made = await api.Get("/v2/queues");
        Assert.StartsWith("req-", made.Headers.GetValues("X-Openstack-Request-Id").Single(), StringComparison.Ordinal);
    }
}
