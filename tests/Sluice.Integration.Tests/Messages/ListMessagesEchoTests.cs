using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>Echo filtering by Client-ID on GET /v2/queues/{q}/messages (contract §5.2, §1.2, §8 item 1).</summary>
public sealed class ListMessagesEchoTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_own_messages_When_listed_without_echo_Then_hidden_and_with_echo_shown()
    {
        var project = "p-" + Guid.NewGuid().ToString("N")[..8];
        using var me = app.Api(project);
        using var other = app.Api(project);
        var q = MessageWire.NewQueue();
        var mine = await me.PostMessages(q, "1", "2");
        var theirs = await other.PostMessages(q, "3");
        Assert.Equal(theirs, await me.ListIds(q, ""));
        Assert.Equal(theirs, await me.ListIds(q, "echo=false"));
        Assert.Equal(mine.Concat(theirs), await me.ListIds(q, "echo=true"));
        Assert.Equal(mine, await other.ListIds(q, ""));
    }

    [Fact]
    public async Task Given_two_clients_sharing_a_client_id_When_listed_Then_neither_sees_the_others_messages()
    {
        var project = "p-" + Guid.NewGuid().ToString("N")[..8];
        var clientId = Guid.NewGuid().ToString();
        using var first = app.Api(project, clientId);
        using var second = app.Api(project, clientId);
        var q = MessageWire.NewQueue();
        await first.PostMessages(q, "1");
        Assert.Empty(await second.List(q, ""));
    }

    /// <summary>Client-ID is a UUID (§1.2, parsed as Python's uuid.UUID), so its spelling does not make another client.</summary>
    [Fact]
    public async Task Given_the_same_client_uuid_spelled_differently_When_listed_without_echo_Then_own_messages_hidden()
    {
        var project = "p-" + Guid.NewGuid().ToString("N")[..8];
        var clientId = Guid.NewGuid();
        using var canonical = app.Api(project, clientId.ToString("D"));
        using var braced = app.Api(project, clientId.ToString("B").ToUpperInvariant());
        var q = MessageWire.NewQueue();
        await canonical.PostMessages(q, "1");
        Assert.Empty(await braced.List(q, ""));
    }

    [Fact]
    public async Task Given_own_and_other_messages_interleaved_When_paged_without_echo_Then_every_other_message_is_seen_once()
    {
        var project = "p-" + Guid.NewGuid().ToString("N")[..8];
        using var me = app.Api(project);
        using var other = app.Api(project);
        var q = MessageWire.NewQueue();
        var theirs = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await me.PostMessages(q, "\"mine\"", "\"mine\"");
            theirs.AddRange(await other.PostMessages(q, "\"theirs\""));
        }
        var seen = new List<string>();
        var href = $"/v2/queues/{q}/messages?limit=3";
        for (var page = 0; page < 10; page++)
        {
            var reply = await me.Get(href);
            var messages = reply.Json!["messages"]!.AsArray();
            if (messages.Count == 0) break;
            seen.AddRange(MessageWire.Ids(messages));
            href = reply.Json!["links"]![0]!["href"]!.GetValue<string>();
        }
        Assert.Equal(theirs, seen);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("t")]
    [InlineData("yes")]
    [InlineData("y")]
    [InlineData("1")]
    [InlineData("on")]
    public async Task Given_each_true_spelling_When_echo_Then_own_messages_shown(string spelling)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        Assert.Equal(ids, await api.ListIds(q, $"echo={spelling}"));
    }
}
