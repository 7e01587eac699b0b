using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Pools;

/// <summary>Contract §7.6, flavors: pool lists kept on the pools, in one catalog transaction with the flavor's row.</summary>
public sealed class FlavorsApiTests(PooledApp app) : IClassFixture<PooledApp>, IAsyncLifetime
{
    private static readonly string[] Capabilities = ["FIFO", "CLAIMS", "DURABILITY", "AOD", "HIGH_THROUGHPUT"];

    public async Task InitializeAsync()
    {
        using var admin = app.Admin();
        foreach (var flavor in (await admin.Get("/v2/flavors?limit=20")).Json!["flavors"]!.AsArray()) await admin.Delete($"/v2/flavors/{flavor!["name"]}");
        foreach (var pool in (await admin.Get("/v2/pools?limit=20")).Json!["pools"]!.AsArray()) await admin.Delete($"/v2/pools/{pool!["name"]}");
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/pb", $$"""{"uri":"{{TestPools.B}}","weight":1}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/pc", $$"""{"uri":"{{TestPools.C}}","weight":1}""")).Status);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Given_two_pools_When_put_flavor_Then_201_and_both_pools_carry_it()
    {
        using var admin = app.Admin();
        var put = await admin.Put("/v2/flavors/gold", """{"pool_list":["pb","pc"],"capabilities":{}}""");
        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.Equal("/v2/flavors/gold", put.Location);

        using var member = app.Api();
        var get = await member.Get("/v2/flavors/gold");
        Assert.Equal(HttpStatusCode.OK, get.Status);
        var expected = new JsonObject
        {
            ["name"] = "gold", ["href"] = "/v2/flavors/gold", ["pool_list"] = new JsonArray("pb", "pc"),
            ["capabilities"] = new JsonArray([.. Capabilities.Select(c => (JsonNode)c)]),
        };
        Wire.AssertJson(expected, get.Json);
        Assert.Equal("gold", (await admin.Get("/v2/pools/pb")).Json!["flavor"]!.GetValue<string>());
        Assert.Equal("gold", (await admin.Get("/v2/pools/pc")).Json!["flavor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_a_flavor_When_patched_to_fewer_pools_Then_the_dropped_pool_loses_it()
    {
        using var admin = app.Admin();
        await admin.Put("/v2/flavors/silver", """{"pool_list":["pb","pc"]}""");
        var reply = await admin.Patch("/v2/flavors/silver", """{"pool_list":["pc"]}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(["pc"], reply.Json!["pool_list"]!.AsArray().Select(p => p!.GetValue<string>()));
        var reordered = await admin.Patch("/v2/flavors/silver", """{"pool_list":["pc","pb"]}""", "application/json");
        Assert.Equal(["pb", "pc"], reordered.Json!["pool_list"]!.AsArray().Select(p => p!.GetValue<string>()));
        await admin.Patch("/v2/flavors/silver", """{"pool_list":["pc"]}""", "application/json");
        Assert.Null((await admin.Get("/v2/pools/pb")).Json!["flavor"]);
        Assert.Equal("silver", (await admin.Get("/v2/pools/pc")).Json!["flavor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_the_only_pool_of_a_flavor_When_deleted_Then_403_until_the_flavor_is_gone()
    {
        using var admin = app.Admin();
        await admin.Put("/v2/flavors/bronze", """{"pool_list":["pb"]}""");
        (await admin.Delete("/v2/pools/pb")).AssertError(HttpStatusCode.Forbidden, "Unable to delete");
        Assert.Equal(HttpStatusCode.OK, (await admin.Get("/v2/pools/pb")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete("/v2/flavors/bronze")).Status);
        Assert.Null((await admin.Get("/v2/pools/pb")).Json!["flavor"]);
        (await admin.Get("/v2/flavors/bronze")).AssertError(HttpStatusCode.NotFound, "Not found");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete("/v2/pools/pb")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/pools/pb")).Status);
    }

    [Fact]
    public async Task Given_two_pools_of_a_flavor_When_both_are_deleted_at_once_Then_exactly_one_goes()
    {
        using var admin = app.Admin();
        await admin.Put("/v2/flavors/pair", """{"pool_list":["pb","pc"]}""");
        var replies = await Task.WhenAll(admin.Delete("/v2/pools/pb"), admin.Delete("/v2/pools/pc"));
        Assert.Single(replies, r => r.Status == HttpStatusCode.NoContent);
        Assert.Single(replies, r => r.Status == HttpStatusCode.Forbidden);
        Assert.Single((await admin.Get("/v2/flavors/pair")).Json!["pool_list"]!.AsArray());
    }

    [Fact]
    public async Task Given_flavors_When_listed_Then_pages_by_name_with_capabilities_only_when_detailed()
    {
        using var admin = app.Admin();
        await admin.Put("/v2/flavors/f1", """{"pool_list":["pb"]}""");
        await admin.Put("/v2/flavors/f2", """{"pool_list":["pc"]}""");
        using var member = app.Api();
        var first = await member.Get("/v2/flavors?limit=1");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Wire.AssertJson(JsonNode.Parse("""{"name":"f1","href":"/v2/flavors/f1","pool_list":["pb"]}""")!, first.Json!["flavors"]![0]);
        var next = first.Json["links"]![0]!["href"]!.GetValue<string>();
        var second = await member.Get(next + "&detailed=true");
        Assert.Equal("f2", second.Json!["flavors"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(Capabilities, second.Json["flavors"]![0]!["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Empty((await member.Get(second.Json["links"]![0]!["href"]!.GetValue<string>())).Json!["flavors"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"pool_list":[]}""", "Unable to create", "Bad Request")]
    [InlineData("""{"pool_list":["pb","nope"]}""", "Unable to create", "Flavor bad could not be created, error:Pool nope does not exist")]
    [InlineData("""{"capabilities":{}}""", "Invalid request body", "'pool_list' is a required property")]
    [InlineData("""{"pool_list":["pb"],"pool_group":"g"}""", "Invalid request body", "Additional properties are not allowed ('pool_group' was unexpected)")]
    [InlineData("""{"pool_list":"pb"}""", "Invalid request body", "'pb' is not of type 'array'")]
    [InlineData("""{"pool_list":["pb"],"capabilities":[]}""", "Invalid request body", "[] is not of type 'object'")]
    [InlineData("""{"pool_list":["pb"],"capabilities":null}""", "Invalid request body", "None is not of type 'object'")]
    public async Task Given_a_body_it_refuses_When_put_flavor_Then_400_and_no_flavor(string body, string title, string description)
    {
        using var admin = app.Admin();
        (await admin.Put("/v2/flavors/bad", body)).AssertError(HttpStatusCode.BadRequest, title, description);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/flavors/bad")).Status);
        Assert.Null((await admin.Get("/v2/pools/pb")).Json!["flavor"]);
    }

    [Fact]
    public async Task Given_patches_it_refuses_Then_400_or_404_and_nothing_changes()
    {
        using var admin = app.Admin();
        await admin.Put("/v2/flavors/kept", """{"pool_list":["pb"]}""");
        (await admin.Patch("/v2/flavors/kept", """{"capabilities":{}}""", "application/json"))
            .AssertError(HttpStatusCode.BadRequest, "Invalid request body", "`pool_list` needs to be specified");
        (await admin.Patch("/v2/flavors/kept", """{"pool_list":["nope"]}""", "application/json"))
            .AssertError(HttpStatusCode.BadRequest, "updatefail", "Flavor kept cant be updated, error:Pool nope does not exist");
        (await admin.Patch("/v2/flavors/missing", """{"pool_list":["pb"]}""", "application/json")).AssertError(HttpStatusCode.NotFound, "Not found");
        Assert.Equal(["pb"], (await admin.Get("/v2/flavors/kept")).Json!["pool_list"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/flavors/missing")).Status);
    }

    [Fact]
    public async Task Given_no_admin_role_When_write_flavor_Then_403_and_reads_are_open()
    {
        using var member = app.Api();
        (await member.Put("/v2/flavors/mine", """{"pool_list":["pb"]}""")).AssertError(HttpStatusCode.Forbidden, "Not authorized");
        (await member.Patch("/v2/flavors/mine", """{"pool_list":["pb"]}""", "application/json")).AssertError(HttpStatusCode.Forbidden, "Not authorized");
        (await member.Delete("/v2/flavors/mine")).AssertError(HttpStatusCode.Forbidden, "Not authorized");
        Assert.Equal(HttpStatusCode.OK, (await member.Get("/v2/flavors")).Status);
    }
}
