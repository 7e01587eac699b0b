using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §4.1: detailed, with_count, the name filter and metadata equality filters.</summary>
public sealed class ListQueuesFilterTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_queues_with_metadata_When_list_detailed_Then_metadata_has_reserved_defaults()
    {
        using var api = app.Api();
        await api.CreateQueue("bare");
        await api.CreateQueue("described", "{\"description\":\"billing\",\"_default_message_ttl\":300}");
        var reply = await api.Get("/v2/queues?detailed=true");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var queues = reply.Json!["queues"]!.AsArray();
        Assert.Equal(2, queues.Count);
        Assert.Equal("bare", queues[0]!["name"]!.GetValue<string>());
        Wire.AssertJson(Wire.ReservedDefaults(), queues[0]!["metadata"]);
        var expected = Wire.DefaultsWith(("description", "billing"), ("_default_message_ttl", 300));
        Wire.AssertJson(expected, queues[1]!["metadata"]);
        Assert.Contains("detailed=true", reply.Json["links"]![0]!["href"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_three_queues_When_list_with_count_and_limit_1_Then_count_is_the_project_total()
    {
        using var api = app.Api();
        foreach (var name in new[] { "c1", "c2", "c3" }) await api.CreateQueue(name);
        var reply = await api.Get("/v2/queues?with_count=true&limit=1");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Single(reply.Json!["queues"]!.AsArray());
        Assert.Equal(3, reply.Json["count"]!.GetValue<int>());
        var next = reply.Json["links"]![0]!["href"]!.GetValue<string>();
        Assert.Contains("with_count=true", next, StringComparison.Ordinal);
        Assert.Contains("marker=c1", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_no_queues_When_list_with_count_Then_count_key_is_omitted()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/queues?with_count=true");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(JsonNode.Parse("""{"queues":[],"links":[]}""")!, reply.Json);
    }

    [Fact]
    public async Task Given_queues_When_list_without_with_count_Then_no_count_key()
    {
        using var api = app.Api();
        await api.CreateQueue("uncounted");
        var reply = await api.Get("/v2/queues");
        Assert.False(reply.Json!.AsObject().ContainsKey("count"));
    }

    [Fact]
    public async Task Given_queues_When_filtered_by_name_Then_only_names_containing_the_literal_value()
    {
        using var api = app.Api();
        foreach (var name in new[] { "billing", "rebill", "Bill", "jobs", "axc", "a.c" }) await api.CreateQueue(name);
        Assert.Equal(["billing", "rebill"], await api.QueueNames("?name=bill"));
        Assert.Equal(["a.c"], await api.QueueNames("?name=a.c"));
        Assert.Empty(await api.QueueNames("?name=nothing"));
    }

    [Fact]
    public async Task Given_queues_with_metadata_When_filtered_by_string_value_Then_only_equal_values()
    {
        using var api = app.Api();
        await api.CreateQueue("m1", "{\"description\":\"x\"}");
        await api.CreateQueue("m2", "{\"description\":\"xy\"}");
        await api.CreateQueue("m3", "{\"other\":\"x\"}");
        await api.CreateQueue("m4");
        Assert.Equal(["m1"], await api.QueueNames("?description=x"));
    }

    [Fact]
    public async Task Given_integer_metadata_When_filtered_by_integer_text_Then_compared_as_integer()
    {
        using var api = app.Api();
        await api.CreateQueue("p5", "{\"priority\":5}");
        await api.CreateQueue("p6", "{\"priority\":6}");
        await api.CreateQueue("s5", "{\"priority\":\"5\"}");
        Assert.Equal(["p5"], await api.QueueNames("?priority=5"));
    }

    [Fact]
    public async Task Given_name_and_metadata_filters_When_list_Then_both_apply_and_next_href_keeps_them()
    {
        using var api = app.Api();
        await api.CreateQueue("team-a", "{\"env\":\"prod\"}");
        await api.CreateQueue("team-b", "{\"env\":\"dev\"}");
        await api.CreateQueue("solo", "{\"env\":\"prod\"}");
        var reply = await api.Get("/v2/queues?name=team&env=prod");
        Assert.Equal(["team-a"], reply.Json!["queues"]!.AsArray().Select(q => q!["name"]!.GetValue<string>()));
        var next = reply.Json["links"]![0]!["href"]!.GetValue<string>();
        Assert.Contains("name=team", next, StringComparison.Ordinal);
        Assert.Contains("env=prod", next, StringComparison.Ordinal);
        Assert.Empty((await api.Get(next)).Json!["queues"]!.AsArray());
    }
}
