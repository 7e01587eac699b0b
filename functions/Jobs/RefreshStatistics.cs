using Mediator;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Jobs;

/// <summary>Analyzes the projection tables a burst has outgrown; returns their names (see <see cref="PlannerStatistics"/>).</summary>
public sealed record RefreshStatisticsCommand : ICommand<IReadOnlyList<string>>;

public sealed class RefreshStatisticsHandler(PlannerStatistics statistics) : ICommandHandler<RefreshStatisticsCommand, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(RefreshStatisticsCommand command, CancellationToken cancellationToken) =>
        await statistics.RefreshStale(cancellationToken);
}
