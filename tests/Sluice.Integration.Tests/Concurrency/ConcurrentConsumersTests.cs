using System.Collections.Concurrent;
using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Concurrency;

/// <summary>
/// The delivery guarantee under contention (issue 2): consumers racing producers on one queue. Claims live far
/// longer than the test, so any message handed out twice was handed to two live claims.
/// </summary>
public sealed class ConcurrentConsumersTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private const int Producers = 2;
    private const int Consumers = 8;
    private const int BatchesPerProducer = 100;
    private const int BatchSize = 10;

    [Fact]
    public async Task Given_2_producers_and_8_consumers_on_one_queue_When_2000_messages_flow_Then_each_is_delivered_once_and_none_is_lost()
    {
        const string queue = "contended";
        var project = "concurrency-" + Guid.NewGuid().ToString("N")[..8];
        var posted = new ConcurrentDictionary<string, byte>();
        var delivered = new ConcurrentDictionary<string, string>();
        var doubles = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var producing = Producers;

        async Task Produce(int producer)
        {
            using var api = app.Api(project);
            for (var b = 0; b < BatchesPerProducer; b++)
            {
                var bodies = Enumerable.Range(0, BatchSize).Select(i => $"{{\"p\":{producer},\"b\":{b},\"i\":{i}}}").ToArray();
                foreach (var id in await api.PostMessages(queue, bodies)) posted[id] = 0;
            }
            Interlocked.Decrement(ref producing);
        }

        async Task Consume()
        {
            using var api = app.Api(project);
            while (true)
            {
                var done = Volatile.Read(ref producing) == 0;
                var (claim, messages) = await api.Claim(queue, limit: 10, ttl: 3600, grace: 60);
                if (claim is null)
                {
                    if (done) return;
                    await Task.Yield();
                    continue;
                }
                foreach (var m in messages)
                {
                    var id = m!["id"]!.GetValue<string>();
                    if (!delivered.TryAdd(id, claim)) doubles.Add(id);
                    var ack = await api.Delete(m["href"]!.GetValue<string>());
                    if (ack.Status != HttpStatusCode.NoContent) failures.Add($"{id}: {ack.Status} {ack.Body}");
                }
            }
        }

        var tasks = Enumerable.Range(0, Producers).Select(Produce).Concat(Enumerable.Range(0, Consumers).Select(_ => Consume()));
        await Task.WhenAll(tasks);

        Assert.Empty(doubles);
        Assert.Empty(failures);
        Assert.Equal(Producers * BatchesPerProducer * BatchSize, posted.Count);
        Assert.Equal(posted.Keys.Order(StringComparer.Ordinal), delivered.Keys.Order(StringComparer.Ordinal));
        using var check = app.Api(project);
        var stats = await check.Get($"/v2/queues/{queue}/stats");
        Assert.Equal(0, stats.Json!["messages"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Given_a_new_queue_name_When_8_clients_put_it_at_once_Then_exactly_one_creates_it()
    {
        var project = "race-" + Guid.NewGuid().ToString("N")[..8];
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var api = app.Api(project);
            return await api.Put("/v2/queues/raced", "{\"n\":1}");
        }));
        Assert.Single(replies, r => r.Status == HttpStatusCode.Created);
        Assert.Equal(7, replies.Count(r => r.Status == HttpStatusCode.NoContent));
    }

    [Fact]
    public async Task Given_a_missing_queue_When_8_clients_post_to_it_at_once_Then_every_message_is_kept()
    {
        var project = "lazy-" + Guid.NewGuid().ToString("N")[..8];
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var api = app.Api(project);
            return await api.PostMessages("lazily-created", $"{{\"i\":{i}}}");
        }));
        using var check = app.Api(project);
        var stats = await check.Get("/v2/queues/lazily-created/stats");
        Assert.Equal(8, stats.Json!["messages"]!["total"]!.GetValue<long>());
        Assert.Equal(8, ids.SelectMany(x => x).Distinct().Count());
    }
}
