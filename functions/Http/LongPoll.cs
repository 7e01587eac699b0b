using Sluice.Domain;
using Sluice.Domain.Tenancy;
using Sluice.Infra.Waiting;

namespace Sluice.Functions.Http;

/// <summary>
/// The <c>wait</c> query parameter of claims and listings: seconds, 0 (the default: answer at once) to
/// <see cref="Limits.MaxWait"/>. An empty answer is retried when PostgreSQL signals that messages of the queue became
/// claimable, or when time alone frees one (a delay ends, a claim expires), until the wait is over; then the normal
/// empty answer goes out. A client that hangs up ends its wait at once (the request's token).
/// </summary>
internal sealed class LongPoll(QueueSignals signals, QueueWaits waits, TimeProvider clock)
{
    public static bool TryWait(HttpRequest request, Limits limits, out int seconds, out IResult? error)
    {
        seconds = 0;
        error = null;
        if (request.String("wait") is not { } raw) return true;
        if (!long.TryParse(raw, System.Globalization.NumberStyles.None, null, out var n) || n > limits.MaxWait)
        {
            error = ApiError.BadRequest(ApiError.InvalidParameter,
                $"The \"wait\" parameter is invalid. The value must be an integer from 0 to {limits.MaxWait} (seconds).");
            return false;
        }
        seconds = (int)n;
        return true;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it gives a non-empty answer or the wait is over (then its empty answer).
    /// Between attempts it sleeps until a signal for the queue, or until <paramref name="lookAgain"/> says time alone
    /// may change the answer (null: not before the wait is over; zero: at once), given the empty answer and the
    /// service's time just before the attempt that gave it.
    /// </summary>
    public async Task<T> Until<T>(TenantId tenant, string queue, int seconds, Wanting wanting, int limit,
        Func<CancellationToken, Task<T>> attempt, Func<T, bool> empty, Func<T, DateTimeOffset, CancellationToken, Task<TimeSpan?>> lookAgain,
        CancellationToken cancellationToken)
    {
        var answer = await attempt(cancellationToken);
        if (seconds == 0 || !empty(answer)) return answer;

        // The wait is real time; event times and message availability are the service's clock.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var budget = TimeSpan.FromSeconds(seconds);
        using var waiter = signals.Register(tenant.Value, queue, wanting, limit);
        var until = clock.GetUtcNow() + budget;
        if (!signals.IsRegistered(tenant.Value, queue, wanting, until))
        {
            // Registering takes the queue's lock exclusively and so holds writers back for a moment: once per
            // process and queue for as long as a registration lasts (a minute), not once per wait.
            var lasting = until + TimeSpan.FromMinutes(1);
            await waits.Register(tenant.Value, queue, wanting, lasting, cancellationToken);
            signals.Registered(tenant.Value, queue, wanting, lasting);
        }
        while (true)
        {
            var at = clock.GetUtcNow();
            answer = await attempt(cancellationToken);
            var left = budget - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (!empty(answer) || left <= TimeSpan.Zero) return answer;
            var again = await lookAgain(answer, at, cancellationToken);
            waiter.Timed = again is not null;
            var sleep = again < left ? again.Value : left;
            await waiter.WaitAsync(sleep, TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>
    /// For claims and listings: how long until the next message of the queue becomes claimable by time alone, after
    /// <paramref name="attempted"/>, the time the empty attempt looked. A moment that came while the attempt ran (or
    /// before a timer that fired early) is still ahead of it and is looked for at once; a later "now" would skip it and
    /// leave the waiter asleep to the end of its wait. Messages that were due by then and not found are held by other
    /// claimers or filtered out of the listing: they are not waited for, so the loop never spins on them.
    /// </summary>
    public async Task<TimeSpan?> UntilAvailable(TenantId tenant, string queue, DateTimeOffset attempted, CancellationToken cancellationToken)
    {
        if (await waits.NextAvailable(tenant.Value, queue, attempted, cancellationToken) is not { } next) return null;
        var ahead = next - clock.GetUtcNow();
        // Timers count whole milliseconds, dropping the rest, and may fire up to a tick of the coarse system clock
        // early: an attempt made too soon finds the moment still ahead of it, and sleeps out what is left.
        return ahead <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(ahead.TotalMilliseconds));
    }
}
