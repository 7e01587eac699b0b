using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Tenancy;

/// <summary>
/// A second project can neither see, claim nor delete the first one's queues or messages (issue 2), in every auth
/// mode: each subclass runs these tests with its mode's credentials.
/// </summary>
public abstract class TenantIsolationTests<TApp>(TApp app)
    where TApp : SluiceApp
{
    private const string Queue = "shared-name";

    private async Task<(Api Owner, Api Other, string[] Ids, string Claim)> Arrange()
    {
        var owner = app.Api();
        var other = app.Api();
        Assert.Equal(HttpStatusCode.Created, (await owner.Put($"/v2/queues/{Queue}", "{\"owner\":\"a\"}")).Status);
        var ids = await owner.PostMessages(Queue, "1", "2", "3");
        var (claim, _) = await owner.Claim(Queue, limit: 1);
        return (owner, other, ids, claim!);
    }

    private static async Task AssertOwnerIntact(Api owner, string[] ids, string claim)
    {
        var stats = await owner.Get($"/v2/queues/{Queue}/stats");
        Assert.Equal(3, stats.Json!["messages"]!["total"]!.GetValue<long>());
        Assert.Equal(1, stats.Json!["messages"]!["claimed"]!.GetValue<long>());
        Assert.Equal("a", (await owner.Get($"/v2/queues/{Queue}")).Json!["owner"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await owner.Get($"/v2/queues/{Queue}/claims/{claim}")).Status);
        Assert.Equal(3, (await owner.Get($"/v2/queues/{Queue}/messages?ids={string.Join(',', ids)}")).Json!["messages"]!.AsArray().Count);
    }

    [Fact]
    public async Task Given_another_projects_queue_When_read_Then_nothing_of_it_is_visible()
    {
        var (owner, other, ids, claim) = await Arrange();
        Assert.Equal("{\"queues\":[],\"links\":[]}", (await other.Get("/v2/queues")).Body);
        Assert.Null((await other.Get($"/v2/queues/{Queue}")).Json!["owner"]);
        Assert.Equal(0, (await other.Get($"/v2/queues/{Queue}/stats")).Json!["messages"]!["total"]!.GetValue<long>());
        Assert.Equal("{\"messages\":[],\"links\":[]}", (await other.Get($"/v2/queues/{Queue}/messages?echo=true&include_claimed=true")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Get($"/v2/queues/{Queue}/messages?ids={string.Join(',', ids)}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Get($"/v2/queues/{Queue}/messages/{ids[0]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Get($"/v2/queues/{Queue}/claims/{claim}")).Status);
        await AssertOwnerIntact(owner, ids, claim);
    }

    [Fact]
    public async Task Given_another_projects_messages_When_claimed_or_popped_Then_none_is_handed_out()
    {
        var (owner, other, ids, claim) = await Arrange();
        Assert.Equal(HttpStatusCode.NoContent, (await other.Post($"/v2/queues/{Queue}/claims")).Status);
        Assert.Equal("{\"messages\":[]}", (await other.Delete($"/v2/queues/{Queue}/messages?pop=5")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Patch($"/v2/queues/{Queue}/claims/{claim}", "{\"ttl\":100}", "application/json")).Status);
        await AssertOwnerIntact(owner, ids, claim);
    }

    [Fact]
    public async Task Given_another_projects_queue_When_deleted_purged_or_patched_Then_it_is_untouched()
    {
        var (owner, other, ids, claim) = await Arrange();
        Assert.Equal(HttpStatusCode.NoContent, (await other.Delete($"/v2/queues/{Queue}/messages/{ids[1]}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Delete($"/v2/queues/{Queue}/messages?ids={string.Join(',', ids)}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Delete($"/v2/queues/{Queue}/claims/{claim}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Post($"/v2/queues/{Queue}/purge")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Patch($"/v2/queues/{Queue}", "[{\"op\":\"add\",\"path\":\"/metadata/owner\",\"value\":\"b\"}]")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Delete($"/v2/queues/{Queue}")).Status);
        await AssertOwnerIntact(owner, ids, claim);
    }
}

/// <summary>Mode none: the project is the X-Project-ID header.</summary>
public sealed class TenantIsolationTests(SluiceApp app) : TenantIsolationTests<SluiceApp>(app), IClassFixture<SluiceApp>;

/// <summary>Mode jwt: the project is the bearer token's.</summary>
public sealed class JwtTenantIsolationTests(Auth.JwtApp app) : TenantIsolationTests<Auth.JwtApp>(app), IClassFixture<Auth.JwtApp>;

/// <summary>Mode keystone: the project is the Keystone token's.</summary>
public sealed class KeystoneTenantIsolationTests(Auth.KeystoneApp app) : TenantIsolationTests<Auth.KeystoneApp>(app), IClassFixture<Auth.KeystoneApp>;
