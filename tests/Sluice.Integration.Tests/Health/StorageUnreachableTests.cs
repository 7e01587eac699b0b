using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Health;

/// <summary>The service pointed at a PostgreSQL that does not answer (nothing listens on port 1).</summary>
public sealed class UnreachableStorageApp : SluiceApp
{
    protected override bool StorageReachable => false;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Postgres"] = "Host=127.0.0.1;Port=1;Username=sluice;Database=sluice;Timeout=2",
    };
}

/// <summary>A storage failure is a 503 in the error format, never a 500 (contract §1.5, §3.3).</summary>
public sealed class StorageUnreachableTests(UnreachableStorageApp app) : IClassFixture<UnreachableStorageApp>
{
    [Fact]
    public async Task Given_storage_unreachable_When_pinged_Then_GET_is_503_and_HEAD_is_204()
    {
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.Get("/v2/ping")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Send(HttpMethod.Head, "/v2/ping")).Status);
    }

    [Theory]
    [InlineData("PUT", "/v2/queues/q")]
    [InlineData("GET", "/v2/queues")]
    [InlineData("POST", "/v2/queues/q/claims")]
    [InlineData("GET", "/v2/queues/q/messages")]
    public async Task Given_storage_unreachable_When_the_store_is_needed_Then_503_with_a_retry_hint(string method, string path)
    {
        using var api = app.Api();
        var reply = await api.Send(new HttpMethod(method), path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.Equal("Service temporarily unavailable", reply.Title);
        Assert.EndsWith(" Please try again in a few seconds.", reply.Description, StringComparison.Ordinal);
    }
}
