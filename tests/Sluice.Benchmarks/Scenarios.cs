using System.Diagnostics;

namespace Sluice.Benchmarks;

/// <summary>
/// The five workloads, written once for both systems. Every worker owns its connection (an HttpClient with one
/// keep-alive connection, or an NpgsqlConnection) and logs on its own; logs are merged after the run.
/// </summary>
internal sealed class Scenarios<TId>(IBackend<TId> backend, int drainTimeoutSeconds, CancellationToken ct)
    where TId : notnull
{
    public const int Batch = 10;
    public const int Connections = 8;
    public const string DrainCut = "drain cut (--drain-timeout, or a worker gave up after errors): queue purged, loss not judged";
    private const int BackOffMs = 10;

    /// <summary>A load ends when its budget is spent, not by the clock.</summary>
    private const int LoadSeconds = 86_400;

    /// <summary>How often a load with a progress callback reports.</summary>
    private const int ProgressSeconds = 10;

    private static long Deadline(int seconds) => Stats.Now() + ((long)seconds * Stopwatch.Frequency);

    private async Task<IQueueClient<TId>[]> ConnectAll(string project, int n)
    {
        var clients = new IQueueClient<TId>[n];
        for (var i = 0; i < n; i++) clients[i] = await backend.Connect(project, ct);
        return clients;
    }

    private static async Task DisposeAll(IQueueClient<TId>[] clients)
    {
        foreach (var c in clients) await c.DisposeAsync();
    }

    /// <summary>Messages a produce may still post (the warm-up's cap); shared by its workers.</summary>
    private sealed class Budget(long messages)
    {
        private long _left = messages;

        public bool Take(int n) => Interlocked.Add(ref _left, -n) >= 0;
    }

    private async Task ProduceLoop(IQueueClient<TId> client, WorkerLog<TId> log, string queue, int batch, long deadline, Budget? budget = null)
    {
        while (Stats.Now() < deadline && !log.GaveUp && budget?.Take(batch) != false)
        {
            var t0 = Stats.Now();
            try
            {
                var ids = await client.Post(queue, batch, t0, ct);
                log.Latency.Add(Stats.Now() - t0);
                log.Requests++;
                log.Messages += ids.Count;
                log.Acked.AddRange(ids);
                log.Ok();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.Error(e, ct);
                await Task.Delay(BackOffMs, ct);
            }
        }
    }

    /// <summary>
    /// Claims <see cref="Batch"/> and deletes exactly those ids until a claim finds nothing and
    /// <paramref name="mayStop"/> says so (else it waits 1 ms and claims again). Work whose claim answered
    /// before <paramref name="windowEnd"/> counts in the window; later work counts as drain.
    /// </summary>
    private async Task<bool> ConsumeLoop(IQueueClient<TId> client, WorkerLog<TId> log, string queue, Func<bool> mayStop, long windowEnd, long hardDeadline, bool endToEnd)
    {
        var ids = new List<TId>(Batch);
        while (!log.GaveUp)
        {
            if (Stats.Now() > hardDeadline) return false;
            List<ClaimedMessage<TId>> messages;
            var t0 = Stats.Now();
            try
            {
                messages = await client.Claim(queue, Batch, ct);
                log.Ok();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.Error(e, ct);
                await Task.Delay(BackOffMs, ct);
                continue;
            }
            var t1 = Stats.Now();
            var inWindow = t1 <= windowEnd;
            if (inWindow)
            {
                log.Latency.Add(t1 - t0);
                log.Requests++;
            }
            if (messages.Count == 0)
            {
                if (mayStop()) return true;
                await Task.Delay(1, ct);
                continue;
            }
            ids.Clear();
            foreach (var m in messages)
            {
                ids.Add(m.Id);
                log.Claimed.Add(m.Id);
                if (endToEnd && inWindow && m.Ticks > 0) log.EndToEnd.Add(t1 - m.Ticks);
            }
            var d0 = Stats.Now();
            try
            {
                await client.DeleteMany(queue, ids, ct);
                log.Ok();
                var d1 = Stats.Now();
                if (inWindow)
                {
                    log.Latency.Add(d1 - d0);
                    log.Requests++;
                    log.Messages += ids.Count;
                }
                else
                {
                    log.Drained += ids.Count;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The messages stay claimed (300 s): never handed out again in this run.
                log.Error(e, ct);
                await Task.Delay(BackOffMs, ct);
            }
        }
        return false;
    }

    /// <summary>
    /// <c>produce</c>: <paramref name="producers"/> connections (8) post batches of 10 bodies of 256 bytes for
    /// <paramref name="seconds"/>, or until <paramref name="maxMessages"/> are taken.
    /// </summary>
    public async Task<(RunResult Result, List<TId> Acked)> Produce(
        RunResult r, string project, string queue, int seconds, long maxMessages = long.MaxValue, int producers = Connections, Action<long>? progress = null)
    {
        await backend.CreateQueue(project, queue, ct);
        var clients = await ConnectAll(project, producers);
        try
        {
            return (r, await ProduceOn(r, clients, queue, seconds, maxMessages, progress));
        }
        finally
        {
            await DisposeAll(clients);
        }
    }

    /// <summary>
    /// The produce load on connections the caller made (and disposes). <paramref name="progress"/>, when given, hears
    /// every <see cref="ProgressSeconds"/> s how many messages were acknowledged so far (read while the workers run).
    /// </summary>
    public async Task<List<TId>> ProduceOn(RunResult r, IQueueClient<TId>[] clients, string queue, int seconds, long maxMessages = long.MaxValue, Action<long>? progress = null)
    {
        var budget = maxMessages == long.MaxValue ? null : new Budget(maxMessages);
        var logs = clients.Select(_ => new WorkerLog<TId>()).ToArray();
        var start = Stats.Now();
        var deadline = start + ((long)seconds * Stopwatch.Frequency);
        Task Producing() => Task.WhenAll(clients.Select((c, i) => Task.Run(() => ProduceLoop(c, logs[i], queue, Batch, deadline, budget), ct)));
        if (progress is null)
        {
            await Producing();
        }
        else
        {
            await Stats.Every(Producing, TimeSpan.FromSeconds(ProgressSeconds), () =>
            {
                progress(logs.Sum(l => l.Messages));
                return Task.CompletedTask;
            }, ct);
        }
        Summarize(r, logs, Stats.Seconds(Stats.Now() - start));
        return logs.SelectMany(l => l.Acked).ToList();
    }

    /// <summary>
    /// Untimed: <paramref name="messages"/> more posted into the queue by <paramref name="producers"/> connections in
    /// batches of 10. Into <paramref name="r"/>: <c>load_s</c>, <c>loaded</c> and the load's errors (as "load …").
    /// </summary>
    public async Task<List<TId>> Load(RunResult r, string project, string queue, long messages, int producers = Connections, Action<long>? progress = null)
    {
        var load = new RunResult(r.Scenario + "-load", r.System, r.Round);
        var start = Stats.Now();
        var (_, acked) = await Produce(load, project, queue, LoadSeconds, messages, producers, progress);
        r.Figures["load_s"] = Stats.Seconds(Stats.Now() - start);
        r.Figures["loaded"] = acked.Count;
        foreach (var (key, n) in load.Errors) r.Errors["load " + key] = r.Errors.GetValueOrDefault("load " + key) + n;
        r.Figures["errors"] = r.ErrorCount;
        return acked;
    }

    /// <summary><c>consume</c>: 8 connections drain what <c>produce</c> acknowledged (claim 10, delete those ids).</summary>
    public async Task<RunResult> Consume(RunResult r, string project, string queue, List<TId> acked)
    {
        await backend.BeforeDrain(ct);
        var clients = await ConnectAll(project, Connections);
        var logs = clients.Select(_ => new WorkerLog<TId>()).ToArray();
        var start = Stats.Now();
        var hard = start + ((long)drainTimeoutSeconds * Stopwatch.Frequency);
        var finished = await Task.WhenAll(clients.Select((c, i) =>
            Task.Run(() => ConsumeLoop(c, logs[i], queue, () => true, long.MaxValue, hard, endToEnd: false), ct)));
        // A worker stops at its first empty claim; one more pass, alone, makes sure the queue is really empty.
        var drained = finished.All(f => f) && await ConsumeLoop(clients[0], logs[0], queue, () => true, long.MaxValue, hard, endToEnd: false);
        var elapsed = Stats.Seconds(Stats.Now() - start);
        await DisposeAll(clients);
        Summarize(r, logs, elapsed);
        await Finish(r, drained, project, queue, acked, logs.SelectMany(l => l.Claimed));
        return r;
    }

    /// <summary>
    /// <c>backlog</c>: <paramref name="depth"/> messages loaded into a fresh queue by 8 producers (untimed), then 8
    /// consumers drain it for <paramref name="seconds"/> (claim 10, delete those ids). What is left stays in the queue,
    /// so the tables grow from round to round as they would in service: a claim must cost the same however deep the
    /// queue and however much was drained before it. Loss is judged without a full drain: what the queue still holds
    /// must be exactly what was acknowledged and not deleted.
    /// </summary>
    public async Task<RunResult> Backlog(RunResult r, string project, string queue, int depth, int seconds)
    {
        var acked = await Load(r, project, queue, depth);
        await DrainBacklog(r, project, queue, acked, acked.Count, seconds);
        return r;
    }

    /// <summary>
    /// The backlog's drain: 8 connections claim 10 and delete those ids for <paramref name="seconds"/> (a worker stops
    /// early at an empty claim). Then its checks: no id claimed twice, none claimed that <paramref name="waiting"/> (the
    /// ids the queue held unclaimed) lacks, and the queue holds <paramref name="held"/> minus what was deleted. The ids
    /// claimed, and how many of them were deleted.
    /// </summary>
    public async Task<(List<TId> Claimed, long Deleted)> DrainBacklog(RunResult r, string project, string queue, List<TId> waiting, long held, int seconds)
    {
        await backend.BeforeDrain(ct);
        var clients = await ConnectAll(project, Connections);
        var logs = clients.Select(_ => new WorkerLog<TId>()).ToArray();
        var start = Stats.Now();
        var deadline = start + ((long)seconds * Stopwatch.Frequency);
        await Task.WhenAll(clients.Select((c, i) =>
            Task.Run(() => ConsumeLoop(c, logs[i], queue, () => true, deadline, deadline, endToEnd: false), ct)));
        var elapsed = Stats.Seconds(Stats.Now() - start);
        await DisposeAll(clients);
        Summarize(r, logs, elapsed);
        var claimed = logs.SelectMany(l => l.Claimed).ToList();
        Verify(r, waiting, claimed, judgeLoss: false);
        // Every message the queue held is either deleted (counted by the consumers) or still in the queue.
        var deleted = logs.Sum(l => l.Messages + l.Drained);
        if (await Remaining(r, project, queue) is { } left)
        {
            if (left < held - deleted && r.ErrorCount == 0)
            {
                r.Violations.Add($"LOST: the queue held {held:N0}, {deleted:N0} were deleted, but it holds only {left:N0} (expected {held - deleted:N0})");
            }
            else if (left != held - deleted)
            {
                r.Warnings.Add($"the queue holds {left:N0}, what it held minus what was deleted is {held - deleted:N0}: with {r.ErrorCount} failed request(s), a post or delete that failed here may have been stored, so loss is not judged");
            }
        }
        return (claimed, deleted);
    }

    /// <summary><c>mixed</c>: 4 producers and 4 consumers at once for <paramref name="seconds"/>, then the consumers drain.</summary>
    public async Task<RunResult> Mixed(RunResult r, string project, string queue, int seconds, int producers = 4, int consumers = 4)
    {
        await backend.CreateQueue(project, queue, ct);
        var clients = await ConnectAll(project, producers + consumers);
        var logs = clients.Select(_ => new WorkerLog<TId>()).ToArray();
        var start = Stats.Now();
        var windowEnd = start + ((long)seconds * Stopwatch.Frequency);
        var hard = windowEnd + ((long)drainTimeoutSeconds * Stopwatch.Frequency);
        var producing = Task.WhenAll(Enumerable.Range(0, producers).Select(i => Task.Run(() => ProduceLoop(clients[i], logs[i], queue, Batch, windowEnd), ct)));
        var consuming = Task.WhenAll(Enumerable.Range(producers, consumers).Select(i =>
            Task.Run(() => ConsumeLoop(clients[i], logs[i], queue, () => producing.IsCompleted, windowEnd, hard, endToEnd: true), ct)));
        await producing;
        var windowSeconds = Stats.Seconds(Stats.Now() - start);
        var finished = await consuming;
        var drained = finished.All(f => f) && await ConsumeLoop(clients[producers], logs[producers], queue, () => true, windowEnd, hard, endToEnd: false);
        var total = Stats.Seconds(Stats.Now() - start);
        await DisposeAll(clients);

        var consumerLogs = logs[producers..];
        var producerLogs = logs[..producers];
        r.Merge(logs);
        var consumed = consumerLogs.Sum(l => l.Messages);
        r.Figures["seconds"] = windowSeconds;
        r.Figures["msgs_per_s"] = consumed / windowSeconds;
        r.Figures["produced_per_s"] = producerLogs.Sum(l => l.Messages) / windowSeconds;
        r.Figures["req_per_s"] = logs.Sum(l => l.Requests) / windowSeconds;
        r.Figures["messages"] = consumed;
        r.Figures["requests"] = logs.Sum(l => l.Requests);
        r.Figures["drained"] = consumerLogs.Sum(l => l.Drained);
        r.Figures["drain_s"] = total - windowSeconds;
        Stats.AddPercentiles(r, "", logs.SelectMany(l => l.Latency).ToList());
        Stats.AddPercentiles(r, "e2e_", consumerLogs.SelectMany(l => l.EndToEnd).ToList());
        await Finish(r, drained, project, queue, producerLogs.SelectMany(l => l.Acked).ToList(), consumerLogs.SelectMany(l => l.Claimed));
        return r;
    }

    /// <summary><c>latency</c>: one connection; post 1, claim 1, delete it with its claim; again for <paramref name="seconds"/>.</summary>
    public async Task<RunResult> Latency(RunResult r, string project, string queue, int seconds)
    {
        await backend.CreateQueue(project, queue, ct);
        await using var client = await backend.Connect(project, ct);
        var log = new WorkerLog<TId>();
        List<long> post = new(8192), claim = new(8192), delete = new(8192), cycle = new(8192);
        long cycles = 0;
        var start = Stats.Now();
        var deadline = Deadline(seconds);
        while (Stats.Now() < deadline && !log.GaveUp)
        {
            var c0 = Stats.Now();
            TId id;
            try
            {
                id = (await client.Post(queue, 1, c0, ct))[0];
                log.Acked.Add(id);
                log.Ok();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.Error(e, ct);
                await Task.Delay(BackOffMs, ct);
                continue;
            }
            var c1 = Stats.Now();
            post.Add(c1 - c0);
            ClaimedMessage<TId> claimed;
            try
            {
                var messages = await client.Claim(queue, 1, ct);
                if (messages.Count == 0) throw new BenchFailureException("claim right after a post found nothing");
                claimed = messages[0];
                log.Claimed.Add(claimed.Id);
                if (!EqualityComparer<TId>.Default.Equals(claimed.Id, id)) throw new BenchFailureException("claim handed out another message than the one just posted");
                log.Ok();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.Error(e, ct);
                await Task.Delay(BackOffMs, ct);
                continue;
            }
            var c2 = Stats.Now();
            claim.Add(c2 - c1);
            try
            {
                await client.DeleteOne(queue, claimed, ct);
                log.Ok();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.Error(e, ct);
                await Task.Delay(BackOffMs, ct);
                continue;
            }
            var c3 = Stats.Now();
            delete.Add(c3 - c2);
            cycle.Add(c3 - c0);
            cycles++;
        }
        var elapsed = Stats.Seconds(Stats.Now() - start);
        // Anything a failed step left behind must still be claimable once.
        var drained = await ConsumeLoop(client, log, queue, () => true, long.MaxValue, Stats.Now() + ((long)drainTimeoutSeconds * Stopwatch.Frequency), endToEnd: false);
        r.Merge([log]);
        var requests = post.Count + claim.Count + delete.Count;
        r.Figures["seconds"] = elapsed;
        r.Figures["msgs_per_s"] = cycles / elapsed;
        r.Figures["req_per_s"] = requests / elapsed;
        r.Figures["messages"] = cycles;
        r.Figures["requests"] = requests;
        Stats.AddPercentiles(r, "", [.. post, .. claim, .. delete]);
        Stats.AddPercentiles(r, "post_", post);
        Stats.AddPercentiles(r, "claim_", claim);
        Stats.AddPercentiles(r, "delete_", delete);
        Stats.AddPercentiles(r, "cycle_", cycle);
        await Finish(r, drained, project, queue, log.Acked, log.Claimed);
        return r;
    }

    private static void Summarize(RunResult r, WorkerLog<TId>[] logs, double elapsed)
    {
        r.Merge(logs);
        var messages = logs.Sum(l => l.Messages);
        var requests = logs.Sum(l => l.Requests);
        r.Figures["seconds"] = elapsed;
        r.Figures["messages"] = messages;
        r.Figures["requests"] = requests;
        r.Figures["msgs_per_s"] = messages / elapsed;
        r.Figures["req_per_s"] = requests / elapsed;
        Stats.AddPercentiles(r, "", logs.SelectMany(l => l.Latency).ToList());
    }

    /// <summary>
    /// After a drain: what is left, then the verification. A drain that did not finish (--drain-timeout, or a worker
    /// that gave up after errors) leaves loss undecidable: the queue is purged and the run marked incomplete.
    /// </summary>
    private async Task Finish(RunResult r, bool drained, string project, string queue, List<TId> acked, IEnumerable<TId> claimed)
    {
        if (drained)
        {
            await CheckRemaining(r, project, queue);
        }
        else
        {
            r.Incomplete = true;
            r.Figures["drain_incomplete"] = 1;
            r.Warnings.Add(DrainCut);
            try
            {
                await backend.Purge(project, queue, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                r.Warnings.Add($"could not purge the queue: {Stats.ErrorKey(e)}");
            }
        }
        Verify(r, acked, claimed, judgeLoss: drained);
    }

    private async Task CheckRemaining(RunResult r, string project, string queue)
    {
        if (await Remaining(r, project, queue) is { } n && n != 0)
        {
            r.Warnings.Add($"the queue still holds {n} message(s) after the drain (deletes that failed leave them claimed)");
        }
    }

    /// <summary>What the queue still holds, also as the figure <c>remaining</c>; null (and a warning) when unknown.</summary>
    private async Task<long?> Remaining(RunResult r, string project, string queue)
    {
        try
        {
            if (await backend.Remaining(project, queue, ct) is { } n)
            {
                r.Figures["remaining"] = n;
                return n;
            }
            r.Warnings.Add("the queue's size is unknown");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            r.Warnings.Add($"could not read what is left in the queue: {Stats.ErrorKey(e)}");
        }
        return null;
    }

    /// <summary>
    /// No id handed out by two claims (every claim lives 300 s, longer than the run: a repeat is a double delivery),
    /// and every acknowledged id claimed by the end.
    /// </summary>
    private static void Verify(RunResult r, List<TId> acked, IEnumerable<TId> claimed, bool judgeLoss)
    {
        var counts = new Dictionary<TId, int>(acked.Count);
        foreach (var id in claimed) counts[id] = counts.GetValueOrDefault(id) + 1;
        var ackedSet = acked.ToHashSet();
        var doubles = counts.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        var lost = ackedSet.Where(id => !counts.ContainsKey(id)).ToList();
        var unacked = counts.Keys.Where(id => !ackedSet.Contains(id)).ToList();
        r.Figures["acked"] = ackedSet.Count;
        r.Figures["claimed"] = counts.Count;
        r.Figures["double_deliveries"] = doubles.Count;
        r.Figures[judgeLoss ? "lost" : "unclaimed_when_drain_stopped"] = lost.Count;
        if (ackedSet.Count != acked.Count) r.Violations.Add($"DUPLICATE IDS: {acked.Count - ackedSet.Count} id(s) acknowledged twice by posts");
        if (doubles.Count > 0) r.Violations.Add($"DOUBLE DELIVERY: {doubles.Count} id(s) handed out by two claims, e.g. {string.Join(", ", doubles.Take(5))}");
        if (lost.Count > 0 && judgeLoss) r.Violations.Add($"LOST: {lost.Count} acknowledged id(s) never claimed, e.g. {string.Join(", ", lost.Take(5))}");
        if (unacked.Count > 0) r.Warnings.Add($"{unacked.Count} claimed id(s) were never acknowledged to this run (a post that failed here but was stored?)");
    }
}
