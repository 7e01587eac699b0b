using Mediator;
using Sluice.Domain.Ports;

namespace Sluice.Domain.Health;

/// <summary>GET /v2/ping: whether the store answers.</summary>
public sealed record PingQuery : IQuery<bool>;

public sealed class PingHandler(IQueueReader reader) : IQueryHandler<PingQuery, bool>
{
    public ValueTask<bool> Handle(PingQuery query, CancellationToken cancellationToken) => reader.Ping(cancellationToken);
}
