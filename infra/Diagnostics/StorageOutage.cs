using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Sluice.Infra.Diagnostics;

/// <summary>
/// The one place a storage outage is logged: once when it starts (the first failure, with its reason and no stack
/// trace) and once when it ends (how long it lasted and how many requests and background runs failed meanwhile),
/// however many fail in between. Its end is found by a probe that asks PostgreSQL once a second while it lasts. A
/// conflict between transactions (deadlock, serialization failure) is not an outage and is not absorbed here.
/// </summary>
public sealed partial class StorageOutage(NpgsqlDataSource dataSource, ILogger<StorageOutage> logger)
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private int _down;
    private long _failures;
    private long _since;

    /// <summary>Whether an outage is under way (between its first failure and a probe that got through).</summary>
    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>
    /// Whether <paramref name="exception"/> says the storage cannot be reached or did not answer in time (for a batch of
    /// failures, whether each of them does).
    /// </summary>
    public static bool IsOutage(Exception exception) => exception is AggregateException all
        ? all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsOutage)
        : exception is NpgsqlException or TimeoutException
          && exception is not PostgresException { IsTransient: false }
          && !Postgres.Conflicts.Is(exception);

    /// <summary>
    /// Counts <paramref name="exception"/> against the outage when it is one (logging the outage's start if this is
    /// its first failure) and returns true; false for anything else, which the caller logs as it would.
    /// </summary>
    public bool Absorb(Exception exception, string where)
    {
        if (!IsOutage(exception)) return false;
        Interlocked.Increment(ref _failures);
        if (Interlocked.CompareExchange(ref _down, 1, 0) == 0)
        {
            Volatile.Write(ref _since, Stopwatch.GetTimestamp());
            LogStarted(where, LogText.Describe(exception));
            _ = Task.Run(ProbeUntilBack);
        }
        return true;
    }

    private async Task ProbeUntilBack()
    {
        while (true)
        {
            await Task.Delay(ProbeInterval).ConfigureAwait(false);
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return; // the service is stopping
            }
            catch (Exception e) when (IsOutage(e))
            {
                continue;
            }
            catch (Exception e) when (e is NpgsqlException)
            {
                // PostgreSQL answered, if with an error of its own (a refused login): it is reachable again, and what
                // fails from now on is logged as what it is.
            }
            // Read before the flag clears: failures after it count towards the next outage.
            var (seconds, failures) = (Stopwatch.GetElapsedTime(Volatile.Read(ref _since)).TotalSeconds, Interlocked.Exchange(ref _failures, 0));
            Volatile.Write(ref _down, 0);
            LogEnded(seconds, failures);
            return;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage outage: PostgreSQL is not reachable ({Where}: {Reason}); further failures are counted until it answers again")]
    private partial void LogStarted(string where, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage outage over: PostgreSQL answers again after {Seconds:F1} s; {Failures} requests and background runs failed meanwhile")]
    private partial void LogEnded(double seconds, long failures);
}
