using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Planning;

/// <summary>
/// The service keeps the heads of the queues it serves by itself (functions/Triggers/HeadKeeper.cs, every 500 ms): the
/// head of a queue its clients drain follows the oldest live message, and a queue that does not exist gets none.
/// </summary>
public sealed class QueueHeadKeeperTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_clients_drain_a_queue_Then_its_head_follows_its_oldest_message_and_a_missing_queue_gets_no_head()
    {
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/no-such-queue/messages?ids={Guid.CreateVersion7()}")).Status);
        var posted = await api.PostMessages("kept", [.. Enumerable.Range(0, 30).Select(i => i.ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/kept/messages?ids={string.Join(',', posted[..20])}")).Status);

        await using var connection = await SchemaConnection.Open(app.Schema);
        var oldest = await connection.Scalar<long>($"SELECT position FROM messages WHERE id = '{posted[20]}'");
        var deadline = Stopwatch.StartNew();
        while (await connection.Scalar<long?>($"SELECT head FROM queue_heads WHERE tenant_id = '{api.Project}' AND queue_name = 'kept'") != oldest)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the head did not reach the oldest live message");
            await Task.Delay(50);
        }
        // The tick that advanced "kept" had both queues to advance, or an earlier one had the missing one.
        Assert.Equal(0, await connection.Scalar<long>($"SELECT count(*) FROM queue_heads WHERE tenant_id = '{api.Project}' AND queue_name = 'no-such-queue'"));
    }
}
