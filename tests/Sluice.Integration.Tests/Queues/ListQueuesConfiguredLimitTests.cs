using System.Net;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §2: max_queues_per_page is configuration, and the limit check follows it.</summary>
public sealed class ListQueuesConfiguredLimitTests(SmallQueuePagesApp app) : IClassFixture<SmallQueuePagesApp>
{
    [Fact]
    public async Task Given_max_5_per_page_When_list_with_limit_6_Then_400_naming_the_configured_max()
    {
        using var api = app.Api();
        await api.CreateQueue("q");
        var reply = await api.Get("/v2/queues?limit=6");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request", "Limit must be at least 1 and may not be greater than 5.");
    }

    [Fact]
    public async Task Given_max_5_per_page_When_paging_8_queues_with_limit_5_Then_pages_of_5_3_and_empty()
    {
        using var api = app.Api();
        string[] names = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"];
        foreach (var name in names) await api.CreateQueue(name);
        var first = await api.Get("/v2/queues?limit=5");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(5, first.Json!["queues"]!.AsArray().Count);
        var second = await api.Get(first.Json["links"]![0]!["href"]!.GetValue<string>());
        Assert.Equal(["q6", "q7", "q8"], second.Json!["queues"]!.AsArray().Select(q => q!["name"]!.GetValue<string>()));
        var third = await api.Get(second.Json["links"]![0]!["href"]!.GetValue<string>());
        Assert.Empty(third.Json!["queues"]!.AsArray());
        Assert.Empty(third.Json["links"]!.AsArray());
    }
}
