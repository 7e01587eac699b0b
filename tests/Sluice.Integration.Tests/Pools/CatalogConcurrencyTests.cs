using Sluice.Infra;
using Sluice.Infra.Catalog;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Pools;

/// <summary>
/// The catalog's transactions under contention, called directly and many at once so that they overlap (through the
/// API each write first connects to a database, which spreads them apart): one database is one pool, and a flavor
/// never loses its last pool, whichever change wins.
/// </summary>
public sealed class CatalogConcurrencyTests
{
    private static PoolCatalog NewCatalog() => new(
        new SluiceOptions { Storage = TestPools.Storage, Catalog = new CatalogOptions { TablePrefix = "t" + Guid.NewGuid().ToString("N")[..20] } },
        () => throw new InvalidOperationException("Azurite takes the account key"));

    private static PoolRecord Pool(string name, string database, string? flavor = null) =>
        new(name, PoolUri.Parse($"postgresql://sluice@127.0.0.1:5432/{database}", out _)!, 1, flavor, "{}");

    [Fact]
    public async Task Given_eight_pools_put_at_once_on_one_database_Then_exactly_one_is_written()
    {
        var catalog = NewCatalog();
        for (var round = 0; round < 3; round++)
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => catalog.PutPool(Pool($"r{round}p{i}", $"db{round}"), CancellationToken.None))));
            Assert.Single(outcomes, o => o.Outcome == PoolWrite.Written);
            Assert.Equal(7, outcomes.Count(o => o.Outcome == PoolWrite.UriInUse));
        }
        Assert.Equal(3, (await catalog.Pools(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Given_four_pools_of_a_flavor_removed_at_once_Then_one_stays()
    {
        var catalog = NewCatalog();
        for (var i = 0; i < 4; i++) Assert.Equal(PoolWrite.Written, (await catalog.PutPool(Pool($"g{i}", $"gdb{i}"), CancellationToken.None)).Outcome);
        Assert.Equal(FlavorWrite.Written, (await catalog.PutFlavor("gold", ["g0", "g1", "g2", "g3"], createIfMissing: true, CancellationToken.None)).Outcome);
        var pools = await catalog.Pools(CancellationToken.None);

        var outcomes = await Task.WhenAll(pools.Select(p => Task.Run(() => catalog.RemovePool(p.Name, p.Uri.Secret, CancellationToken.None))));

        Assert.Equal(3, outcomes.Count(o => o == PoolRemoval.Removed));
        Assert.Single(outcomes, o => o == PoolRemoval.OnlyPoolOfFlavor);
        Assert.Single((await catalog.GetFlavor("gold", CancellationToken.None))!.Pools);
    }
}
