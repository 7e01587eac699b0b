using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Health;

/// <summary>Contract §3: versions, ping and health, and the hooks on the home document (HomeDocumentTests has the document).</summary>
public sealed class VersionsAndHealthTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_no_headers_When_get_root_Then_300_with_the_v2_version()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, "/"));
        Assert.Equal(HttpStatusCode.MultipleChoices, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        var expected = JsonNode.Parse("""
            {"versions":[{"id":"2","status":"CURRENT","updated":"2014-9-24T04:06:47Z",
              "media-types":[{"base":"application/json","type":"application/vnd.openstack.messaging-v2+json"}],
              "links":[{"href":"/v2/","rel":"self"}]}]}
            """)!;
        Wire.AssertJson(expected, reply.Json);
    }

    [Fact]
    public async Task Given_no_client_id_When_get_home_Then_400()
    {
        var reply = await app.SendRaw(Wire.Request(HttpMethod.Get, "/v2/", ("X-Project-ID", "p")));
        reply.AssertError(HttpStatusCode.BadRequest, "Missing header value");
    }

    [Fact]
    public async Task Given_reachable_storage_When_get_ping_Then_204_without_body()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/ping");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal("", reply.Body);
    }

    [Fact]
    public async Task Given_headers_When_head_ping_Then_204_without_body()
    {
        using var api = app.Api();
        var reply = await api.Send(HttpMethod.Head, "/v2/ping");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal("", reply.Body);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("member")]
    [InlineData("member,reader")]
    [InlineData("administrator")]
    public async Task Given_no_admin_role_When_get_health_Then_403_not_authorized(string? roles)
    {
        using var api = app.Api();
        var request = roles is null ? Wire.Request(HttpMethod.Get, "/v2/health") : Wire.Request(HttpMethod.Get, "/v2/health", ("X-Roles", roles));
        var reply = await api.Send(request);
        reply.AssertError(HttpStatusCode.Forbidden, "Not authorized", "You are not authorized to complete this action.");
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("member,admin")]
    [InlineData("member, admin")]
    public async Task Given_admin_role_When_get_health_Then_200_with_every_operation_succeeded(string roles)
    {
        using var api = app.Api();
        var reply = await api.Send(Wire.Request(HttpMethod.Get, "/v2/health", ("X-Roles", roles)));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Assert.True(reply.Json!["storage_reachable"]!.GetValue<bool>());
        var operations = reply.Json["operation_status"]!.AsObject();
        string[] expected = ["create_queue", "post_messages", "list_messages", "claim_messages", "delete_messages", "delete_claim",
            "bulk_delete_messages", "delete_queue"];
        foreach (var op in expected) Assert.True(operations.ContainsKey(op), op);
        foreach (var (name, status) in operations)
        {
            Assert.True(status!["succeeded"]!.GetValue<bool>(), $"{name}: {status.ToJsonString()}");
            Assert.True(status["seconds"]!.GetValue<double>() >= 0, name);
            Assert.True(status.AsObject().ContainsKey("ref"), name);
        }
    }

    [Fact]
    public async Task Given_health_check_ran_When_listing_queues_Then_caller_project_is_untouched()
    {
        using var api = app.Api();
        var reply = await api.Send(Wire.Request(HttpMethod.Get, "/v2/health", ("X-Roles", "admin")));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Empty(await api.QueueNames());
    }
}
