using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Infra.Notifications;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>The service with an SMTP relay configured: a real SMTP server on loopback, started by each test.</summary>
public sealed class SmtpApp : SluiceApp
{
    public int SmtpPort { get; } = MailReceiver.FreePort();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Notifications:Smtp:Host"] = "127.0.0.1",
        ["Sluice:Notifications:Smtp:Port"] = SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["Sluice:Notifications:Smtp:Security"] = "None",
        ["Sluice:Notifications:Smtp:From"] = "sluice@example.com",
    };
}

/// <summary>mailto subscribers (contract §7.4): the notification JSON by mail, retried while the relay is down.</summary>
public sealed class MailDeliveryTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    private Notifier Notifier => app.Services.GetRequiredService<Notifier>();

    [Fact]
    public async Task A_mailto_subscriber_gets_each_message_by_mail_once_the_relay_is_up()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, "mailto:ops@example.com?subject=New%20order", "{\"from\":\"orders@example.com\"}");
        await api.Subscribe(queue, "mailto:audit@example.com", "{\"subject\":\"Audit\"}");
        var id = (await api.PostMessages(queue, "{\"order\":7}"))[0];
        await Notifier.FollowUntil(2);

        // Nothing listens on the relay's port yet: each mail is tried, retried 3 times at once, then due again in 5 s.
        var down = await Notifier.Run(default);
        Assert.Equal((0, 8), (down.Delivered, down.Retried));

        await using var relay = new MailReceiver(app.SmtpPort);
        relay.Start();
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var up = await Notifier.Run(default);
        Assert.Equal(2, up.Delivered);

        var mails = await relay.WaitFor(2);
        var ops = mails.Single(m => m.To.ToString() == "ops@example.com");
        Assert.Equal("orders@example.com", ops.From.ToString());
        Assert.Equal("New order", ops.Subject);
        var sent = JsonNode.Parse(ops.TextBody!)!;
        Assert.Equal(id, sent["message_id"]!.GetValue<string>());
        Assert.Equal(7, sent["body"]!["order"]!.GetValue<int>());
        Assert.Equal("Notification", sent["Message_Type"]!.GetValue<string>());
        var audit = mails.Single(m => m.To.ToString() == "audit@example.com");
        Assert.Equal(("sluice@example.com", "Audit"), (audit.From.ToString(), audit.Subject));
    }

    [Fact]
    public async Task With_smtp_configured_mailto_is_an_accepted_subscriber_type_and_must_name_an_address()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        Assert.Equal(HttpStatusCode.Created, (await api.Post($"/v2/queues/{queue}/subscriptions", "{\"subscriber\":\"mailto:a@example.com\"}")).Status);
        MessageWire.Error(await api.Post($"/v2/queues/{queue}/subscriptions", "{\"subscriber\":\"mailto:nobody\"}"), HttpStatusCode.BadRequest, "Invalid API request",
            "The subscriber type of subscription must be supported in the list ['http', 'https', 'mailto', 'trust+http', 'trust+https'].");
    }
}
