using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>Contract §1.1 routing: 404 for unrouted paths, 405 + Allow, OPTIONS, case-sensitive paths, queue names (§2).</summary>
public sealed class RoutingTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Theory]
    [InlineData("/v2/nothing")]
    [InlineData("/v3/queues")]
    [InlineData("/v2")]
    [InlineData("/v2/Queues")]
    [InlineData("/V2/queues")]
    [InlineData("/v2/queues/q/Stats")]
    public async Task Given_unrouted_path_and_no_headers_When_get_Then_404_with_title_only(string path)
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Wire.AssertJson(new System.Text.Json.Nodes.JsonObject { ["title"] = "404 Not Found" }, reply.Json);
    }

    [Fact]
    public async Task Given_v2_without_trailing_slash_When_get_with_headers_Then_404()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("404 Not Found", reply.Title);
    }

    [Fact]
    public async Task Given_mixed_case_collection_path_When_get_with_headers_Then_404()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/Queues");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("404 Not Found", reply.Title);
    }

    [Fact]
    public async Task Given_trailing_slash_on_collection_When_get_Then_400_empty_queue_name()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/queues/");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid queue identification");
    }

    [Fact]
    public async Task Given_trailing_slash_on_queue_item_When_get_Then_404()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/queues/q/");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
    }

    [Fact]
    public async Task Given_queue_collection_When_delete_Then_405_with_allow_get()
    {
        using var api = app.Api();
        var reply = await api.Delete("/v2/queues");
        reply.AssertError(HttpStatusCode.MethodNotAllowed, "405 Method Not Allowed");
        Assert.Contains("GET", reply.Allow());
        Assert.DoesNotContain("DELETE", reply.Allow());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("HEAD")]
    public async Task Given_queue_item_When_unsupported_method_Then_405_with_allow_listing_queue_methods(string method)
    {
        using var api = app.Api();
        var reply = await api.Send(new HttpMethod(method), "/v2/queues/q");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, reply.Status);
        var allow = reply.Allow();
        foreach (var m in new[] { "GET", "PUT", "PATCH", "DELETE" }) Assert.Contains(m, allow);
        Assert.DoesNotContain(method, allow);
    }

    [Fact]
    public async Task Given_stats_route_When_put_Then_405_and_no_queue_created()
    {
        using var api = app.Api();
        var reply = await api.Put("/v2/queues/statsput/stats", "{}");
        reply.AssertError(HttpStatusCode.MethodNotAllowed, "405 Method Not Allowed");
        Assert.Equal(["GET"], reply.Allow().Where(m => m != "OPTIONS"));
        Assert.Empty(await api.QueueNames());
    }

    [Theory]
    [InlineData("/v2/queues", "GET")]
    [InlineData("/v2/queues/q", "PUT")]
    [InlineData("/v2/queues/q/stats", "GET")]
    [InlineData("/v2/queues/q/purge", "POST")]
    [InlineData("/v2/ping", "HEAD")]
    public async Task Given_routed_path_When_options_Then_200_empty_body_and_allow(string path, string expected)
    {
        using var api = app.Api();
        var reply = await api.Send(HttpMethod.Options, path);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("", reply.Body);
        Assert.Contains(expected, reply.Allow());
    }

    [Theory]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234x")]
    [InlineData("bad!name")]
    [InlineData("bad%20name")]
    [InlineData("bad%24")]
    [InlineData("caf%C3%A9")]
    public async Task Given_invalid_queue_name_When_queue_routes_Then_400_invalid_queue_identification(string name)
    {
        using var api = app.Api();
        foreach (var (method, suffix) in new[] { ("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/stats"), ("POST", "/purge") })
        {
            var reply = await api.Send(new HttpMethod(method), $"/v2/queues/{name}{suffix}");
            reply.AssertError(HttpStatusCode.BadRequest, "Invalid queue identification");
        }
        Assert.Empty(await api.QueueNames());
    }

    [Fact]
    public async Task Given_name_of_64_allowed_chars_When_put_Then_201()
    {
        using var api = app.Api();
        var name = "Aa0_-." + new string('z', 58);
        await api.CreateQueue(name);
        Assert.Equal([name], await api.QueueNames());
    }
}
