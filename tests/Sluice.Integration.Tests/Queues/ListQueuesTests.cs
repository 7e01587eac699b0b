using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §4.1 and §1.7: listing and paging queues.</summary>
public sealed class ListQueuesTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private static readonly string[] Names =
    [
        "a", "A", "a.b", "a_b", "a-b", "ab", "aB", "a.", "Z", "z", "0", "9", "_x", "-x", ".x", "b", "B-1", "b_1", "b.1",
        "q1", "Q1", "zz", "Zz", "m.n.o", "M_N",
    ];

    [Fact]
    public async Task Given_project_without_queues_When_list_Then_200_with_empty_queues_and_links()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/queues");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Wire.AssertJson(JsonNode.Parse("""{"queues":[],"links":[]}""")!, reply.Json);
    }

    [Fact]
    public async Task Given_more_queues_than_limit_When_paging_by_next_href_Then_every_queue_once_in_byte_order()
    {
        using var api = app.Api();
        foreach (var name in Names) await api.CreateQueue(name);
        var seen = new List<string>();
        var href = "/v2/queues?limit=7";
        for (var page = 0; ; page++)
        {
            Assert.True(page < 10, "paging did not end");
            var reply = await api.Get(href);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var queues = reply.Json!["queues"]!.AsArray();
            var links = reply.Json["links"]!.AsArray();
            if (queues.Count == 0)
            {
                Assert.Empty(links);
                break;
            }
            Assert.True(queues.Count <= 7);
            foreach (var q in queues)
            {
                var name = q!["name"]!.GetValue<string>();
                Assert.Equal($"/v2/queues/{name}", q["href"]!.GetValue<string>());
                Assert.Null(q["metadata"]);
                seen.Add(name);
            }
            var next = Assert.Single(links)!;
            Assert.Equal("next", next["rel"]!.GetValue<string>());
            href = next["href"]!.GetValue<string>();
            Assert.StartsWith("/v2/queues?", href, StringComparison.Ordinal);
            Assert.Contains("limit=7", href, StringComparison.Ordinal);
            Assert.Contains("marker=", href, StringComparison.Ordinal);
        }
        Assert.Equal(Names.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Given_no_limit_When_list_Then_first_page_holds_10()
    {
        using var api = app.Api();
        for (var i = 0; i < 12; i++) await api.CreateQueue($"q{i:00}");
        Assert.Equal(10, (await api.QueueNames()).Length);
        Assert.Equal(10, (await api.QueueNames("?limit=")).Length);
        Assert.Equal(12, (await api.QueueNames("?limit=20")).Length);
    }

    [Fact]
    public async Task Given_marker_When_list_Then_page_starts_after_it()
    {
        using var api = app.Api();
        foreach (var name in new[] { "a", "b", "c", "d" }) await api.CreateQueue(name);
        Assert.Equal(["c", "d"], await api.QueueNames("?marker=b"));
        Assert.Equal(["c"], await api.QueueNames("?marker=bb&limit=1"));
    }

    [Fact]
    public async Task Given_queues_differing_only_in_case_When_list_Then_both_are_distinct()
    {
        using var api = app.Api();
        await api.CreateQueue("Q1", "{\"n\":\"upper\"}");
        await api.CreateQueue("q1", "{\"n\":\"lower\"}");
        Assert.Equal(["Q1", "q1"], await api.QueueNames());
        Assert.Equal("upper", (await api.Metadata("Q1"))["n"]!.GetValue<string>());
        Assert.Equal("lower", (await api.Metadata("q1"))["n"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    [InlineData("-1")]
    public async Task Given_limit_out_of_range_When_list_Then_400_invalid_api_request(string limit)
    {
        using var api = app.Api();
        await api.CreateQueue("q");
        var reply = await api.Get($"/v2/queues?limit={limit}");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request", "Limit must be at least 1 and may not be greater than 20.");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task Given_non_integer_limit_When_list_Then_400_invalid_parameter(string limit)
    {
        using var api = app.Api();
        var reply = await api.Get($"/v2/queues?limit={limit}");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid parameter", "The \"limit\" parameter is invalid. The value must be an integer.");
    }

    [Theory]
    [InlineData("detailed", "TRUE")]
    [InlineData("with_count", "maybe")]
    public async Task Given_unparseable_boolean_When_list_Then_400_invalid_parameter(string name, string value)
    {
        using var api = app.Api();
        var reply = await api.Get($"/v2/queues?{name}={value}");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid parameter");
    }

    [Fact]
    public async Task Given_queues_of_another_project_When_list_Then_they_are_not_shown()
    {
        using var owner = app.Api();
        using var other = app.Api();
        await owner.CreateQueue("private");
        Assert.Empty(await other.QueueNames());
    }
}
