using System.Net;
using Npgsql;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Pools;

/// <summary>Contract §3.4, the pooled form of GET /v2/health: the catalog, and each pool's self-test in its own database.</summary>
public sealed class PooledHealthTests(PooledApp app) : IClassFixture<PooledApp>
{
    private static readonly string[] Operations =
        ["bulk_delete_messages", "claim_messages", "create_queue", "delete_claim", "delete_messages", "delete_queue", "list_messages", "post_messages"];

    [Fact]
    public async Task Given_two_pools_and_one_whose_database_is_gone_When_get_health_Then_each_pool_reports_its_own_self_test()
    {
        var gone = "health_gone_" + Guid.NewGuid().ToString("N")[..8];
        await Execute(TestPools.B, $"CREATE DATABASE {gone}");
        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/hb", $$"""{"uri":"{{TestPools.B}}","weight":1}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/hc", $$"""{"uri":"{{TestPools.C}}","weight":1}""")).Status);
        var goneUri = TestPools.B[..TestPools.B.LastIndexOf('/')] + "/" + gone;
        Assert.Equal(HttpStatusCode.Created, (await admin.Put("/v2/pools/hgone", $$"""{"uri":"{{goneUri}}","weight":1}""")).Status);
        await Execute(TestPools.B, $"DROP DATABASE {gone} WITH (FORCE)");

        var reply = await admin.Get("/v2/health");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var health = reply.Json!.AsObject();
        Assert.True(health["catalog_reachable"]!.GetValue<bool>());
        Assert.Equal(["catalog_reachable", "hb", "hc", "hgone"], health.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var pool in new[] { "hb", "hc" })
        {
            Assert.True(health[pool]!["storage_reachable"]!.GetValue<bool>(), pool);
            var status = health[pool]!["operation_status"]!.AsObject();
            Assert.Equal(Operations, status.Select(o => o.Key).Order(StringComparer.Ordinal));
            Assert.All(status, o => Assert.True(o.Value!["succeeded"]!.GetValue<bool>(), $"{pool} {o.Key}: {o.Value}"));
        }
        Assert.False(health["hgone"]!["storage_reachable"]!.GetValue<bool>());
        Assert.Empty(health["hgone"]!["operation_status"]!.AsObject());
        // Each self-test ran in its pool's database: the health project's queue was created and deleted there.
        foreach (var pool in new[] { TestPools.B, TestPools.C })
        {
            Assert.True(await Scalar<long>(pool, $"SELECT count(*) FROM {app.Schema}.events WHERE tenant_id = 'sluice-health' AND type = 'queue-deleted.v1'") >= 1);
        }
    }

    private static async Task Execute(string pool, string sql)
    {
        await using var connection = new NpgsqlConnection(TestPools.ConnectionString(pool));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(string pool, string sql)
    {
        await using var connection = new NpgsqlConnection(TestPools.ConnectionString(pool));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
