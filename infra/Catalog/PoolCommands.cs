using Mediator;

namespace Sluice.Infra.Catalog;

public sealed record ListPoolsQuery(string? After, int Limit) : IQuery<IReadOnlyList<PoolRecord>>;

public sealed record GetPoolQuery(string Name) : IQuery<PoolRecord?>;

/// <summary>Registers or replaces a pool (PUT): its database must answer and is migrated before the catalog names it.</summary>
public sealed record PutPoolCommand(PoolRecord Pool) : ICommand<PoolChange>;

/// <summary>Changes the given fields of a pool (PATCH); a new URI is checked as on PUT.</summary>
public sealed record UpdatePoolCommand(string Name, PoolUri? Uri, long? Weight, string? Flavor, string? Options) : ICommand<PoolChange>;

public sealed record RemovePoolCommand(string Name) : ICommand<PoolRemovalOutcome>;

public sealed record ListFlavorsQuery(string? After, int Limit) : IQuery<IReadOnlyList<FlavorRecord>>;

public sealed record GetFlavorQuery(string Name) : IQuery<FlavorRecord?>;

/// <summary>Creates or replaces (PUT) or changes (PATCH, <paramref name="CreateIfMissing"/> false) a flavor's pool list.</summary>
public sealed record PutFlavorCommand(string Name, IReadOnlyList<string> Pools, bool CreateIfMissing) : ICommand<(FlavorWrite Outcome, string? Pool)>;

public sealed record RemoveFlavorCommand(string Name) : ICommand<Unit>;

/// <summary>
/// What became of a pool write: the pool as written, or why not (<see cref="Detail"/>: why its database could not be
/// prepared, or the pool that already uses the database).
/// </summary>
public sealed record PoolChange(PoolChangeOutcome Outcome, PoolRecord? Pool = null, string? Detail = null);

public enum PoolChangeOutcome
{
    Written,
    Missing,
    CannotConnect,
    UriInUse,
}

public enum PoolRemovalOutcome
{
    Removed,
    OnlyPoolOfFlavor,
    HoldsQueues,
    Unreachable,
}

public sealed class PoolHandlers(PoolCatalog catalog, PoolDatabases databases) :
    IQueryHandler<ListPoolsQuery, IReadOnlyList<PoolRecord>>,
    IQueryHandler<GetPoolQuery, PoolRecord?>,
    ICommandHandler<PutPoolCommand, PoolChange>,
    ICommandHandler<UpdatePoolCommand, PoolChange>,
    ICommandHandler<RemovePoolCommand, PoolRemovalOutcome>,
    IQueryHandler<ListFlavorsQuery, IReadOnlyList<FlavorRecord>>,
    IQueryHandler<GetFlavorQuery, FlavorRecord?>,
    ICommandHandler<PutFlavorCommand, (FlavorWrite Outcome, string? Pool)>,
    ICommandHandler<RemoveFlavorCommand, Unit>
{
    public async ValueTask<IReadOnlyList<PoolRecord>> Handle(ListPoolsQuery query, CancellationToken cancellationToken) =>
        await catalog.ListPools(query.After, query.Limit, cancellationToken);

    public async ValueTask<PoolRecord?> Handle(GetPoolQuery query, CancellationToken cancellationToken) =>
        await catalog.GetPool(query.Name, cancellationToken);

    public async ValueTask<PoolChange> Handle(PutPoolCommand command, CancellationToken cancellationToken)
    {
        if (await databases.Prepare(command.Pool.Uri, cancellationToken) is { } why) return new PoolChange(PoolChangeOutcome.CannotConnect, null, why);
        var (outcome, holder) = await catalog.PutPool(command.Pool, cancellationToken);
        return Change(outcome, command.Pool, holder);
    }

    public async ValueTask<PoolChange> Handle(UpdatePoolCommand command, CancellationToken cancellationToken)
    {
        if (command.Uri is { } uri)
        {
            // A missing pool is a 404 before any database is touched.
            if (await catalog.GetPool(command.Name, cancellationToken) is null) return new PoolChange(PoolChangeOutcome.Missing);
            if (await databases.Prepare(uri, cancellationToken) is { } why) return new PoolChange(PoolChangeOutcome.CannotConnect, null, why);
        }
        PoolRecord? written = null;
        var (outcome, holder) = await catalog.UpdatePool(command.Name, pool => written = pool with
        {
            Uri = command.Uri ?? pool.Uri,
            Weight = command.Weight ?? pool.Weight,
            Flavor = command.Flavor is null ? pool.Flavor : command.Flavor.Length == 0 ? null : command.Flavor,
            Options = command.Options ?? pool.Options,
        }, cancellationToken);
        return Change(outcome, written, holder);
    }

    private static PoolChange Change(PoolWrite outcome, PoolRecord? written, string? holder) => outcome switch
    {
        PoolWrite.Written => new PoolChange(PoolChangeOutcome.Written, written),
        PoolWrite.UriInUse => new PoolChange(PoolChangeOutcome.UriInUse, null, holder),
        _ => new PoolChange(PoolChangeOutcome.Missing),
    };

    /// <summary>
    /// Removes a pool unless a flavor would be left without pools, or its database still holds queues: the catalog
    /// would lose where they are (move them first). Zaqar removes such a pool and strands its queues.
    /// </summary>
    public async ValueTask<PoolRemovalOutcome> Handle(RemovePoolCommand command, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await catalog.GetPool(command.Name, cancellationToken) is not { } pool) return PoolRemovalOutcome.Removed;
            switch (await databases.HoldsQueues(pool.Uri, cancellationToken))
            {
                case null: return PoolRemovalOutcome.Unreachable;
                case true: return PoolRemovalOutcome.HoldsQueues;
            }
            // Removed only if it still names the database just found empty; else that check is made again.
            switch (await catalog.RemovePool(command.Name, pool.Uri.Secret, cancellationToken))
            {
                case PoolRemoval.OnlyPoolOfFlavor: return PoolRemovalOutcome.OnlyPoolOfFlavor;
                case PoolRemoval.Changed: continue;
                default: return PoolRemovalOutcome.Removed;
            }
        }
    }

    public async ValueTask<IReadOnlyList<FlavorRecord>> Handle(ListFlavorsQuery query, CancellationToken cancellationToken) =>
        await catalog.ListFlavors(query.After, query.Limit, cancellationToken);

    public async ValueTask<FlavorRecord?> Handle(GetFlavorQuery query, CancellationToken cancellationToken) =>
        await catalog.GetFlavor(query.Name, cancellationToken);

    public async ValueTask<(FlavorWrite Outcome, string? Pool)> Handle(PutFlavorCommand command, CancellationToken cancellationToken) =>
        await catalog.PutFlavor(command.Name, command.Pools, command.CreateIfMissing, cancellationToken);

    public async ValueTask<Unit> Handle(RemoveFlavorCommand command, CancellationToken cancellationToken)
    {
        await catalog.RemoveFlavor(command.Name, cancellationToken);
        return Unit.Value;
    }
}
