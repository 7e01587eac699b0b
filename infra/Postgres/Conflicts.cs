using Npgsql;
using Sluice.Domain.Ports;

namespace Sluice.Infra.Postgres;

/// <summary>The one definition of a transaction that lost to concurrent ones, which a retry may win.</summary>
public static class Conflicts
{
    /// <summary>
    /// A lost append (<see cref="ConcurrentCreationException"/>), or a deadlock or serialization failure: PostgreSQL failed
    /// the transaction to let concurrent ones through. Either way nothing was written, and it is not an outage.
    /// </summary>
    public static bool Is(Exception e) =>
        e is ConcurrentCreationException or PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };
}
