using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Pools;

/// <summary>
/// Contract §7.6, pools: the admin API over the catalog in Azure Table Storage (Azurite), with pools on the three
/// PostgreSQL clusters test.sh starts. Each test starts from an empty catalog.
/// </summary>
public sealed class PoolsApiTests(PooledApp app) : IClassFixture<PooledApp>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var admin = app.Admin();
        foreach (var flavor in (await admin.Get("/v2/flavors?limit=20")).Json!["flavors"]!.AsArray())
        {
            await admin.Delete($"/v2/flavors/{flavor!["name"]}");
        }
        foreach (var pool in (await admin.Get("/v2/pools?limit=20")).Json!["pools"]!.AsArray())
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete($"/v2/pools/{pool!["name"]}")).Status);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Given_a_reachable_database_When_put_pool_Then_201_and_get_shows_it_without_its_password()
    {
        using var admin = app.Admin();
        var withPassword = TestPools.B.Replace("sluice@", "sluice:s3cr%40t@", StringComparison.Ordinal);
        var put = await admin.Put("/v2/pools/p1", $$$"""{"uri":"{{{withPassword}}}","weight":100,"options":{"region":"west","zone":"2"}}""");
        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.Equal("/v2/pools/p1", put.Location);
        Assert.Equal("", put.Body);

        var get = await admin.Get("/v2/pools/p1");
        Assert.Equal(HttpStatusCode.OK, get.Status);
        Wire.AssertJson(JsonNode.Parse($$"""{"name":"p1","href":"/v2/pools/p1","uri":"{{TestPools.B}}","weight":100,"flavor":null}""")!, get.Json);
        var detailed = await admin.Get("/v2/pools/p1?detailed=true");
        Assert.Equal("west", detailed.Json!["options"]!["region"]!.GetValue<string>());
        Assert.DoesNotContain("s3cr", detailed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr", (await admin.Get("/v2/pools?detailed=true")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_new_pool_When_put_Then_its_database_has_this_service_schema_migrated()
    {
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/migrated", $$"""{"uri":"{{TestPools.C}}","weight":1}""")).Status);

        await using var connection = new NpgsqlConnection(TestPools.ConnectionString(TestPools.C));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {app.Schema}.schema_version", connection);
        Assert.True((long)(await command.ExecuteScalarAsync())! > 10);
        await using var tables = new NpgsqlCommand($"SELECT to_regclass('{app.Schema}.messages') IS NOT NULL", connection);
        Assert.True((bool)(await tables.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Given_a_database_that_does_not_answer_When_put_pool_Then_400_cannot_connect_and_nothing_is_registered()
    {
        using var admin = app.Admin();
        var reply = await admin.Put("/v2/pools/dead", """{"uri":"postgresql://sluice:pw@127.0.0.1:1/sluice","weight":10}""");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body");
        Assert.StartsWith("cannot connect to postgresql://sluice@127.0.0.1:1/sluice", reply.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", reply.Description!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/pools/dead")).Status);
    }

    [Fact]
    public async Task Given_a_database_that_is_a_pool_When_another_name_registers_it_Then_409_whatever_the_password_or_parameters()
    {
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/first", $$"""{"uri":"{{TestPools.B}}","weight":1}""")).Status);
        var sameDatabase = TestPools.B.Replace("sluice@", "sluice:other@", StringComparison.Ordinal) + "?application_name=second";
        var reply = await admin.Put("/v2/pools/second", $$"""{"uri":"{{sameDatabase}}","weight":1}""");
        reply.AssertError(HttpStatusCode.Conflict, "Resource conflict");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/pools/second")).Status);

        // The pool itself may be put again (replaced): its own database is not "another pool's".
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/first", $$"""{"uri":"{{TestPools.B}}","weight":7}""")).Status);
        Assert.Equal(7, (await admin.Get("/v2/pools/first")).Json!["weight"]!.GetValue<long>());
    }

    [Fact]
    public async Task Given_a_pool_moved_to_another_database_When_another_pool_takes_the_old_one_Then_201()
    {
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/mover", $$"""{"uri":"{{TestPools.B}}","weight":1}""")).Status);
        var patched = await admin.Patch("/v2/pools/mover", $$"""{"uri":"{{TestPools.C}}"}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(TestPools.C, patched.Json!["uri"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/taker", $$"""{"uri":"{{TestPools.B}}","weight":1}""")).Status);
        (await admin.Put("/v2/pools/late", $$"""{"uri":"{{TestPools.C}}","weight":1}""")).AssertError(HttpStatusCode.Conflict, "Resource conflict");
    }

    [Fact]
    public async Task Given_concurrent_puts_of_one_database_under_two_names_Then_exactly_one_is_registered()
    {
        using var admin = app.Admin();
        for (var round = 0; round < 5; round++)
        {
            var replies = await Task.WhenAll(
                admin.Put($"/v2/pools/left{round}", $$"""{"uri":"{{TestPools.C}}","weight":1}"""),
                admin.Put($"/v2/pools/right{round}", $$"""{"uri":"{{TestPools.C}}","weight":1}"""));
            Assert.Single(replies, r => r.Status == HttpStatusCode.Created);
            Assert.Single(replies, r => r.Status == HttpStatusCode.Conflict);
            var pools = (await admin.Get("/v2/pools")).Json!["pools"]!.AsArray();
            Assert.Single(pools);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete($"/v2/pools/{pools[0]!["name"]}")).Status);
        }
    }

    [Theory]
    [InlineData("""{"uri":"U","weight":1,"group":"g"}""", "Additional properties are not allowed ('group' was unexpected)")]
    [InlineData("""{"weight":1}""", "'uri' is a required property")]
    [InlineData("""{"uri":"U"}""", "'weight' is a required property")]
    [InlineData("""{"uri":"U","weight":"10"}""", "'10' is not of type 'integer'")]
    [InlineData("""{"uri":"U","weight":true}""", "True is not of type 'integer'")]
    [InlineData("""{"uri":"U","weight":1.5}""", "1.5 is not of type 'integer'")]
    [InlineData("""{"uri":"U","weight":-1}""", "-1 is less than the minimum of 0")]
    [InlineData("""{"uri":"U","weight":4294967296}""", "4294967296 is greater than the maximum of 4294967295")]
    [InlineData("""{"uri":5,"weight":1}""", "5 is not of type 'string'")]
    [InlineData("""{"uri":"U","weight":1,"options":[]}""", "[] is not of type 'object'")]
    [InlineData("""{"uri":"U","weight":1,"flavor":3}""", "3 is not of type 'string'")]
    public async Task Given_a_body_its_schema_refuses_When_put_pool_Then_400_with_the_schema_message_and_no_pool(string body, string description)
    {
        using var admin = app.Admin();
        var reply = await admin.Put("/v2/pools/bad", body.Replace("\"U\"", $"\"{TestPools.B}\"", StringComparison.Ordinal));
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body", description);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/pools/bad")).Status);
    }

    [Theory]
    [InlineData("mongodb://10.0.0.5:27017")]
    [InlineData("postgresql://127.0.0.1:5432")]
    [InlineData("postgresql://u:s3cret@127.0.0.1:5432/db?password=x")]
    [InlineData("postgresql://u:s3cret@127.0.0.1:5432/db#frag")]
    [InlineData("not a uri")]
    public async Task Given_a_uri_that_is_no_postgresql_database_When_put_pool_Then_400_without_echoing_it(string uri)
    {
        using var admin = app.Admin();
        var reply = await admin.Put("/v2/pools/bad", $$"""{"uri":"{{uri}}","weight":1}""");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body");
        Assert.StartsWith("'uri' is not a pool URI: ", reply.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_options_beyond_16384_characters_When_put_pool_Then_400()
    {
        using var admin = app.Admin();
        var options = $$"""{"notes":"{{new string('x', 16400)}}"}""";
        var reply = await admin.Put("/v2/pools/wide", $$"""{"uri":"{{TestPools.B}}","weight":1,"options":{{options}}}""");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body", "'options' is too large (at most 16384 characters of JSON)");
    }

    [Theory]
    [InlineData("a%23b")]
    [InlineData("a%3Fb")]
    [InlineData("a%5Cb")]
    public async Task Given_a_name_no_pool_can_have_When_get_patch_or_delete_Then_404_or_204(string name)
    {
        using var admin = app.Admin();
        (await admin.Get($"/v2/pools/{name}")).AssertError(HttpStatusCode.NotFound, "Not found");
        (await admin.Patch($"/v2/pools/{name}", """{"weight":1}""", "application/json")).AssertError(HttpStatusCode.NotFound, "Not found");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete($"/v2/pools/{name}")).Status);
        (await admin.Get($"/v2/flavors/{name}")).AssertError(HttpStatusCode.NotFound, "Not found");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete($"/v2/flavors/{name}")).Status);
    }

    [Fact]
    public async Task Given_a_missing_pool_When_patched_with_a_uri_Then_404_and_the_database_is_not_touched()
    {
        using var admin = app.Admin();
        (await admin.Patch("/v2/pools/absent", """{"uri":"postgresql://sluice@127.0.0.1:1/sluice"}""", "application/json"))
            .AssertError(HttpStatusCode.NotFound, "Not found", "Pool absent does not exist");
    }

    [Fact]
    public async Task Given_a_uri_longer_than_255_When_put_pool_Then_400_too_long()
    {
        using var admin = app.Admin();
        var uri = TestPools.B + "?application_name=" + new string('a', 256);
        var reply = await admin.Put("/v2/pools/long", $$"""{"uri":"{{uri}}","weight":1}""");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body", "'uri' is too long (at most 255 characters)");
    }

    [Fact]
    public async Task Given_three_pools_When_listed_by_two_Then_pages_by_name_with_next_links_until_an_empty_page()
    {
        using var admin = app.Admin();
        await admin.Put("/v2/pools/c3", $$"""{"uri":"{{TestPools.A}}","weight":3}""");
        await admin.Put("/v2/pools/a1", $$$"""{"uri":"{{{TestPools.B}}}","weight":1,"options":{"zone":"1"}}""");
        await admin.Put("/v2/pools/b2", $$"""{"uri":"{{TestPools.C}}","weight":2}""");

        var first = await admin.Get("/v2/pools?limit=2&detailed=true");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("/v2/pools?limit=2&detailed=true", first.ContentHeaders.ContentLocation?.OriginalString);
        Assert.Equal(["a1", "b2"], first.Json!["pools"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("1", first.Json["pools"]![0]!["options"]!["zone"]!.GetValue<string>());
        var next = first.Json["links"]![0]!["href"]!.GetValue<string>();
        Assert.Equal("/v2/pools?limit=2&detailed=true&marker=b2", next);

        var second = await admin.Get(next);
        Assert.Equal(["c3"], second.Json!["pools"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.NotNull(second.Json["pools"]![0]!["options"]);
        var last = await admin.Get(second.Json["links"]![0]!["href"]!.GetValue<string>());
        Assert.Empty(last.Json!["pools"]!.AsArray());
        Assert.Empty(last.Json["links"]!.AsArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    public async Task Given_a_limit_out_of_range_When_list_pools_Then_400(string limit)
    {
        using var admin = app.Admin();
        (await admin.Get($"/v2/pools?limit={limit}")).AssertError(HttpStatusCode.BadRequest, "Invalid API request", "Limit must be at least 1 and may not be greater than 20.");
    }

    [Fact]
    public async Task Given_a_pool_When_patched_Then_200_with_the_pool_and_refusals_change_nothing()
    {
        using var admin = app.Admin();
        await admin.Put("/v2/pools/patched", $$"""{"uri":"{{TestPools.B}}","weight":5}""");
        (await admin.Patch("/v2/pools/patched", "{}", "application/json")).AssertError(HttpStatusCode.BadRequest, "Invalid request body",
            "One of `uri`, `weight`, `flavor`, or `options` needs to be specified");
        (await admin.Patch("/v2/pools/patched", """{"weight":1,"name":"x"}""", "application/json")).AssertError(HttpStatusCode.BadRequest, "Invalid request body",
            "Additional properties are not allowed ('name' was unexpected)");
        (await admin.Patch("/v2/pools/patched", """{"uri":"postgresql://sluice@127.0.0.1:1/sluice"}""", "application/json"))
            .AssertError(HttpStatusCode.BadRequest, "Invalid request body");
        (await admin.Patch("/v2/pools/nope", """{"weight":1}""", "application/json")).AssertError(HttpStatusCode.NotFound, "Not found");

        var reply = await admin.Patch("/v2/pools/patched", """{"weight":9,"options":{"zone":"3"}}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(JsonNode.Parse($$"""{"name":"patched","href":"/v2/pools/patched","uri":"{{TestPools.B}}","weight":9,"flavor":null}""")!, reply.Json);
        Assert.Equal("3", (await admin.Get("/v2/pools/patched?detailed=true")).Json!["options"]!["zone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_no_admin_role_When_any_pool_operation_Then_403()
    {
        using var member = app.Api();
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/v2/pools"), (HttpMethod.Get, "/v2/pools/p"), (HttpMethod.Delete, "/v2/pools/p") })
        {
            (await member.Send(method, path)).AssertError(HttpStatusCode.Forbidden, "Not authorized");
        }
        (await member.Put("/v2/pools/p", $$"""{"uri":"{{TestPools.B}}","weight":1}""")).AssertError(HttpStatusCode.Forbidden, "Not authorized");
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get("/v2/pools/p")).Status);
    }

    [Fact]
    public async Task Given_a_missing_pool_When_get_Then_404_and_when_deleted_Then_204()
    {
        using var admin = app.Admin();
        (await admin.Get("/v2/pools/ghost")).AssertError(HttpStatusCode.NotFound, "Not found", "Pool ghost does not exist");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete("/v2/pools/ghost")).Status);
    }

    [Fact]
    public async Task Given_a_pool_name_with_other_characters_When_put_Then_400()
    {
        using var admin = app.Admin();
        (await admin.Put("/v2/pools/a.b", $$"""{"uri":"{{TestPools.B}}","weight":1}""")).AssertError(HttpStatusCode.BadRequest, "Invalid API request");
    }
}
