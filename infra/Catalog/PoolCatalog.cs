using Azure;
using Azure.Core;
using Azure.Data.Tables;

namespace Sluice.Infra.Catalog;

/// <summary>A pool: a PostgreSQL database that holds whole queues (contract §7.6).</summary>
/// <param name="Options">A JSON object, kept as given (its location: <c>{"region": …, "zone": …}</c>).</param>
public sealed record PoolRecord(string Name, PoolUri Uri, long Weight, string? Flavor, string Options);

/// <summary>A flavor: a name that queues choose by <c>_flavor</c>, and the pools that carry it.</summary>
public sealed record FlavorRecord(string Name, IReadOnlyList<string> Pools);

public enum PoolWrite
{
    Written,
    UriInUse,
    Missing,
}

public enum PoolRemoval
{
    Removed,
    Missing,
    OnlyPoolOfFlavor,

    /// <summary>The pool names another database than the one checked: check again.</summary>
    Changed,
}

public enum FlavorWrite
{
    Written,
    Missing,
    UnknownPool,
    TooManyPools,
}

/// <summary>
/// The catalog could not do what was asked: Table Storage cannot be reached (or answers 5xx), or a change kept losing
/// to concurrent ones. What needs the catalog answers 503 with <see cref="Exception.Message"/>.
/// </summary>
public sealed class CatalogUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string Unreachable = "The catalog is not reachable. Please try again in a few seconds.";
    public const string Contended = "The catalog change conflicted with concurrent changes and was not applied. Please try again.";
}

/// <summary>
/// The catalog in Azure Table Storage. Table <c>{prefix}catalog</c> holds one partition, so that every change of pools
/// and flavors is one entity-group transaction: a row per pool (<c>pool:{name}</c>), per flavor (<c>flavor:{name}</c>)
/// and per database in use (<c>uri:{host:port/database}</c>, naming its pool), which makes "one pool per database" a
/// unique key rather than a check that two writers could both pass.
/// </summary>
public sealed class PoolCatalog
{
    private const string Partition = "catalog";
    private const string PoolKey = "pool:";
    private const string FlavorKey = "flavor:";
    private const string UriKey = "uri:";

    /// <summary>Entity-group transactions hold at most 100 actions: a flavor of more pools cannot be written at once.</summary>
    public const int MaxPoolsPerFlavor = 98;

    /// <summary>What every pool offers (all are PostgreSQL), so what every flavor offers (contract §7.6: its first pool's).</summary>
    public static readonly IReadOnlyList<string> Capabilities = ["FIFO", "CLAIMS", "DURABILITY", "AOD", "HIGH_THROUGHPUT"];

    private readonly Lazy<TableClient> _table;
    private Task? _tables;

    /// <summary>
    /// The client is made on first use: the catalog's handlers are built with every other Mediator handler, also when
    /// pooling is off and there is no account to name.
    /// </summary>
    public PoolCatalog(SluiceOptions options, Func<TokenCredential> credential) => _table = new Lazy<TableClient>(() =>
    {
        var storage = options.Storage ?? throw new InvalidOperationException("The catalog needs Sluice:Storage.");
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = 1;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(options.Catalog.TimeoutSeconds);
        var service = Uri.TryCreate(storage, UriKind.Absolute, out var endpoint) && endpoint.Scheme == Uri.UriSchemeHttps
            ? new TableServiceClient(endpoint, credential(), clientOptions)
            : new TableServiceClient(storage, clientOptions);
        return service.GetTableClient(options.Catalog.ValidPrefix() + "catalog");
    });

    private TableClient Table => _table.Value;

    /// <summary>Pools by name after <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<PoolRecord>> ListPools(string? after, int limit, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var rows = await Rows(PoolKey, after, limit, cancellationToken);
            return (IReadOnlyList<PoolRecord>)[.. rows.Values.Select(ToPool)];
        });

    public Task<PoolRecord?> GetPool(string name, CancellationToken cancellationToken) =>
        Guard(async () => await Get(PoolKey + name, cancellationToken) is { } entity ? ToPool(entity) : null);

    /// <summary>Creates or replaces the pool <paramref name="pool"/> names; refused when its database is another pool's.</summary>
    public Task<(PoolWrite Outcome, string? Holder)> PutPool(PoolRecord pool, CancellationToken cancellationToken) =>
        Guard(() => WritePool(pool.Name, _ => pool, cancellationToken));

    /// <summary>Changes an existing pool; <see cref="PoolWrite.Missing"/> when there is none.</summary>
    public Task<(PoolWrite Outcome, string? Holder)> UpdatePool(string name, Func<PoolRecord, PoolRecord> change, CancellationToken cancellationToken) =>
        Guard(() => WritePool(name, before => before is null ? null : change(before), cancellationToken));

    /// <summary>
    /// Removes a pool that still names the database <paramref name="checkedUri"/> (else <see cref="PoolRemoval.Changed"/>),
    /// unless a flavor would be left without pools (contract §7.6: 403). Every change of which pools carry a flavor
    /// writes that flavor's row in its transaction, so two changes that each leave the other pool of a flavor cannot
    /// both commit.
    /// </summary>
    public Task<PoolRemoval> RemovePool(string name, string checkedUri, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await Get(PoolKey + name, cancellationToken) is not { } entity) return PoolRemoval.Missing;
                var pool = ToPool(entity);
                if (pool.Uri.Secret != checkedUri) return PoolRemoval.Changed;
                List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, entity, entity.ETag)];
                if (await Get(UriKey + Key(pool.Uri.Identity), cancellationToken) is { } uriRow)
                {
                    actions.Add(new(TableTransactionActionType.Delete, uriRow, uriRow.ETag));
                }
                if (pool.Flavor is { } flavor && await Get(FlavorKey + flavor, cancellationToken) is { } flavorRow)
                {
                    var pools = await AllPools(cancellationToken);
                    if (!pools.Any(p => p.Name != name && p.Flavor == flavor)) return PoolRemoval.OnlyPoolOfFlavor;
                    actions.Add(new(TableTransactionActionType.UpdateReplace, flavorRow, flavorRow.ETag));
                }
                if (await TrySubmit(actions, attempt, cancellationToken) is null) return PoolRemoval.Removed;
            }
        });

    /// <summary>Every pool, by name.</summary>
    public Task<IReadOnlyList<PoolRecord>> Pools(CancellationToken cancellationToken) => Guard(() => AllPools(cancellationToken));

    public Task<IReadOnlyList<FlavorRecord>> ListFlavors(string? after, int limit, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            var names = (await Rows(FlavorKey, after, limit, cancellationToken)).Keys;
            if (names.Count == 0) return (IReadOnlyList<FlavorRecord>)[];
            var pools = await AllPools(cancellationToken);
            return [.. names.Select(n => Flavor(n, pools))];
        });

    public Task<FlavorRecord?> GetFlavor(string name, CancellationToken cancellationToken) =>
        Guard(async () => await Get(FlavorKey + name, cancellationToken) is null ? null : Flavor(name, await AllPools(cancellationToken)));

    /// <summary>
    /// Creates or replaces a flavor (<paramref name="createIfMissing"/>) or changes an existing one: the listed pools carry
    /// it afterwards and no other pool does, in one transaction with the flavor's row.
    /// </summary>
    public Task<(FlavorWrite Outcome, string? Pool)> PutFlavor(string name, IReadOnlyList<string> poolNames, bool createIfMissing, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            if (poolNames.Count > MaxPoolsPerFlavor) return (FlavorWrite.TooManyPools, (string?)null);
            for (var attempt = 1; ; attempt++)
            {
                var existing = await Get(FlavorKey + name, cancellationToken);
                if (existing is null && !createIfMissing) return (FlavorWrite.Missing, null);
                var rows = await PoolRows(cancellationToken);
                if (poolNames.FirstOrDefault(p => !rows.ContainsKey(p)) is { } unknown) return (FlavorWrite.UnknownPool, unknown);
                List<TableTransactionAction> actions = [existing is null
                    ? new(TableTransactionActionType.Add, new TableEntity(Partition, FlavorKey + name))
                    : new(TableTransactionActionType.UpdateReplace, existing, existing.ETag)];
                var others = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var (pool, row) in rows)
                {
                    var carries = row.GetString("Flavor") == name;
                    var listed = poolNames.Contains(pool, StringComparer.Ordinal);
                    if (carries == listed) continue;
                    if (listed && row.GetString("Flavor") is { Length: > 0 } other) others.Add(other);
                    row["Flavor"] = listed ? name : "";
                    actions.Add(new(TableTransactionActionType.UpdateReplace, row, row.ETag));
                }
                // A pool taken from another flavor changes that flavor too: its row takes part (see RemovePool).
                foreach (var other in others)
                {
                    if (await Get(FlavorKey + other, cancellationToken) is { } otherRow) actions.Add(new(TableTransactionActionType.UpdateReplace, otherRow, otherRow.ETag));
                }
                if (actions.Count > 100) return (FlavorWrite.TooManyPools, null);
                if (await TrySubmit(actions, attempt, cancellationToken) is null) return (FlavorWrite.Written, null);
            }
        });

    /// <summary>Removes a flavor; its pools carry no flavor afterwards.</summary>
    public Task RemoveFlavor(string name, CancellationToken cancellationToken) =>
        Guard<bool>(async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await Get(FlavorKey + name, cancellationToken) is not { } existing) return true;
                List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, existing, existing.ETag)];
                foreach (var row in (await PoolRows(cancellationToken)).Values.Where(r => r.GetString("Flavor") == name))
                {
                    row["Flavor"] = "";
                    actions.Add(new(TableTransactionActionType.UpdateReplace, row, row.ETag));
                }
                if (await TrySubmit(actions, attempt, cancellationToken) is null) return true;
            }
        });

    /// <summary>Writes what <paramref name="decide"/> makes of the pool as it is (null: none); its null is <see cref="PoolWrite.Missing"/>.</summary>
    private async Task<(PoolWrite, string?)> WritePool(string name, Func<PoolRecord?, PoolRecord?> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Get(PoolKey + name, cancellationToken);
            var before = existing is null ? null : ToPool(existing);
            if (decide(before) is not { } after) return (PoolWrite.Missing, null);
            var row = new TableEntity(Partition, PoolKey + name)
            {
                ["Uri"] = after.Uri.Secret,
                ["Weight"] = after.Weight,
                ["Flavor"] = after.Flavor ?? "",
                ["Options"] = after.Options,
            };
            List<TableTransactionAction> actions = [existing is null
                ? new(TableTransactionActionType.Add, row)
                : new(TableTransactionActionType.UpdateReplace, row, existing.ETag)];
            var claimsUri = before?.Uri.Identity != after.Uri.Identity;
            if (claimsUri)
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(Partition, UriKey + Key(after.Uri.Identity)) { ["Pool"] = name }));
                if (before is not null && await Get(UriKey + Key(before.Uri.Identity), cancellationToken) is { } oldUri)
                {
                    actions.Add(new(TableTransactionActionType.Delete, oldUri, oldUri.ETag));
                }
            }
            // A pool joining or leaving a flavor changes it: the flavor's row takes part (see RemovePool).
            if (before?.Flavor != after.Flavor)
            {
                foreach (var flavor in new[] { before?.Flavor, after.Flavor }.OfType<string>())
                {
                    if (await Get(FlavorKey + flavor, cancellationToken) is { } flavorRow) actions.Add(new(TableTransactionActionType.UpdateReplace, flavorRow, flavorRow.ETag));
                }
            }
            var failed = await TrySubmit(actions, attempt, cancellationToken);
            if (failed is null) return (PoolWrite.Written, null);
            if (claimsUri && failed == 1
                && await Get(UriKey + Key(after.Uri.Identity), cancellationToken) is { } holder && holder.GetString("Pool") != name)
            {
                return (PoolWrite.UriInUse, holder.GetString("Pool"));
            }
        }
    }

    /// <summary>Creates the table on first use; a failed attempt is made again by the next call.</summary>
    private Task Tables()
    {
        var tables = Volatile.Read(ref _tables);
        if (tables is null || tables.IsFaulted || tables.IsCanceled)
        {
            tables = Table.CreateIfNotExistsAsync();
            Volatile.Write(ref _tables, tables);
        }
        return tables;
    }

    /// <summary>Attempts at a catalog change that keeps losing to concurrent ones, before it answers 503.</summary>
    private const int Attempts = 8;

    /// <summary>
    /// Submits one transaction; null when it committed, else the index of the action that lost a race to a concurrent
    /// change (read again and retry). The <see cref="Attempts"/>th lost race, or a failure that names no action, is a
    /// <see cref="CatalogUnavailableException"/>.
    /// </summary>
    private async Task<int?> TrySubmit(IReadOnlyList<TableTransactionAction> actions, int attempt, CancellationToken cancellationToken)
    {
        await Tables();
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return null;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            // The table itself gone (deleted, or an Azurite restarted in memory): made again before the next attempt.
            if (e.ErrorCode == "TableNotFound") Volatile.Write(ref _tables, null);
            if (attempt >= Attempts || e.FailedTransactionActionIndex is not { } index) throw new CatalogUnavailableException(CatalogUnavailableException.Contended, e);
            return index;
        }
    }

    private async Task<IReadOnlyList<PoolRecord>> AllPools(CancellationToken cancellationToken) =>
        [.. (await PoolRows(cancellationToken)).Values.Select(ToPool)];

    private Task<SortedDictionary<string, TableEntity>> PoolRows(CancellationToken cancellationToken) =>
        Rows(PoolKey, after: null, int.MaxValue, cancellationToken);

    /// <summary>The rows of one kind (<paramref name="kind"/>: a key prefix) by name after <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    private async Task<SortedDictionary<string, TableEntity>> Rows(string kind, string? after, int limit, CancellationToken cancellationToken)
    {
        var rows = new SortedDictionary<string, TableEntity>(StringComparer.Ordinal);
        var from = kind + (after ?? "");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {from} and RowKey lt {End(kind)}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken))
        {
            rows[entity.RowKey[kind.Length..]] = entity;
            if (rows.Count == limit) break;
        }
        return rows;
    }

    private async Task<TableEntity?> Get(string rowKey, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static FlavorRecord Flavor(string name, IReadOnlyList<PoolRecord> pools) =>
        new(name, [.. pools.Where(p => p.Flavor == name).Select(p => p.Name)]);

    private static PoolRecord ToPool(TableEntity entity) => new(
        entity.RowKey[PoolKey.Length..],
        PoolUri.Parse(entity.GetString("Uri"), out _) ?? throw new InvalidOperationException($"The catalog holds an invalid URI for pool {entity.RowKey}."),
        entity.GetInt64("Weight") ?? 0,
        entity.GetString("Flavor") is { Length: > 0 } flavor ? flavor : null,
        entity.GetString("Options") ?? "{}");

    /// <summary>The first key after every key that starts with <paramref name="prefix"/> (its last character + 1).</summary>
    private static string End(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>Table keys may not hold '/', '\', '#', '?' or control characters: those (and '%') are percent-escaped.</summary>
    private static string Key(string value) => Uri.EscapeDataString(value);

    /// <summary>Runs one catalog operation, its table made first; an unreachable Table Storage becomes <see cref="CatalogUnavailableException"/>.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            await Tables();
            return await call();
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw new CatalogUnavailableException(CatalogUnavailableException.Unreachable, e);
        }
    }

    private static bool IsUnreachable(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or >= 500,
        HttpRequestException or TimeoutException => true,
        AggregateException a => a.InnerExceptions.Any(IsUnreachable),
        _ => e.InnerException is { } inner && IsUnreachable(inner),
    };
}
