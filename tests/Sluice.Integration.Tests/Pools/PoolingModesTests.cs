using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Pools;

/// <summary>Contract §7.6: without pooling the pool and flavor routes do not exist.</summary>
public sealed class PoolingOffTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Theory]
    [InlineData("/v2/pools")]
    [InlineData("/v2/pools/p1")]
    [InlineData("/v2/flavors")]
    [InlineData("/v2/flavors/gold")]
    public async Task Given_pooling_off_When_admin_gets_a_pool_or_flavor_route_Then_404(string path)
    {
        using var admin = app.Api();
        admin.Http.DefaultRequestHeaders.Add("X-Roles", "admin");
        var reply = await admin.Get(path);
        reply.AssertError(HttpStatusCode.NotFound, "404 Not Found");
    }
}

/// <summary>A pool whose database holds queues is not removed: the catalog would lose where they are.</summary>
public sealed class PoolHoldingQueuesTests(PooledApp app) : IClassFixture<PooledApp>
{
    [Fact]
    public async Task Given_a_pool_whose_database_holds_a_queue_When_deleted_Then_409_until_the_queue_is_gone()
    {
        using var admin = app.Admin();
        // The service's own database (where this queue is created) registered as a pool.
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/home", $$"""{"uri":"{{TestPools.A}}","weight":1}""")).Status);
        await admin.CreateQueue("kept");

        (await admin.Delete("/v2/pools/home")).AssertError(HttpStatusCode.Conflict, "Resource conflict");
        Assert.Equal(HttpStatusCode.OK, (await admin.Get("/v2/pools/home")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete("/v2/queues/kept")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete("/v2/pools/home")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/pools/home")).Status);
    }
}

/// <summary>The catalog's Table Storage not answering: what needs it answers 503 at once; the rest keeps serving.</summary>
public sealed class CatalogUnreachableTests(CatalogUnreachableTests.App app) : IClassFixture<CatalogUnreachableTests.App>
{
    public sealed class App : PooledApp
    {
        // Nothing listens on port 1 of loopback: every call is refused.
        protected override string Storage => TestPools.TablesAt(1);
    }

    [Theory]
    [InlineData("GET", "/v2/pools")]
    [InlineData("GET", "/v2/flavors/gold")]
    [InlineData("DELETE", "/v2/pools/p")]
    public async Task Given_an_unreachable_catalog_When_a_catalog_route_is_called_Then_503(string method, string path)
    {
        using var admin = app.Admin();
        var reply = await admin.Send(new HttpMethod(method), path);
        reply.AssertError(HttpStatusCode.ServiceUnavailable, "Service temporarily unavailable", "The catalog is not reachable. Please try again in a few seconds.");
    }

    [Fact]
    public async Task Given_an_unreachable_catalog_When_get_health_Then_200_saying_so()
    {
        using var admin = app.Admin();
        var reply = await admin.Get("/v2/health");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(System.Text.Json.Nodes.JsonNode.Parse("""{"catalog_reachable":false}""")!, reply.Json);
    }

    [Fact]
    public async Task Given_an_unreachable_catalog_When_posting_to_a_queue_Then_it_is_served()
    {
        using var api = app.Api();
        Assert.Single(await api.PostMessages("still-served", "1"));
    }
}
