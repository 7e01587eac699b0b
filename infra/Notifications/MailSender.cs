using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Sluice.Infra.Notifications;

/// <summary>
/// Mails notifications to mailto subscribers through the configured SMTP relay (contract §7.4): the body is the
/// notification JSON, From is <c>options.from</c>, Subject the URI's <c>?subject=</c> or else <c>options.subject</c>.
/// A permanent SMTP refusal (5xx) ends the delivery; anything else is retried.
/// </summary>
public sealed class MailSender(NotificationOptions options)
{
    public async Task<DeliveryResult> Send(Notification notification, CancellationToken cancellationToken)
    {
        var smtp = options.Smtp;
        if (string.IsNullOrEmpty(smtp.Host)) return DeliveryResult.Rejected;
        var uri = new Uri(notification.Subscriber);
        var query = HttpUtility.ParseQueryString(uri.Query);
        var message = new MimeMessage();
        // Both are checked when the subscription is made; a mail that cannot be addressed is refused for good.
        if (!MailboxAddress.TryParse(Text(notification.Options, "from") ?? smtp.From, out var from)
            || !MailboxAddress.TryParse(Uri.UnescapeDataString(uri.UserInfo) + "@" + uri.Host, out var to)) return DeliveryResult.Rejected;
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = query["subject"] ?? Text(notification.Options, "subject") ?? $"Sluice notification: {notification.Queue}";
        message.Body = new TextPart("plain") { Text = Encoding.UTF8.GetString(notification.Payload()) };
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(options.RequestTimeoutSeconds).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Enum.Parse<SecureSocketOptions>(smtp.Security, ignoreCase: true), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryResult.Delivered;
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return DeliveryResult.Rejected;
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
                                      or AuthenticationException or TimeoutException or OperationCanceledException
                                  && !cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failed;
        }
    }

    private static string? Text(JsonObject options, string key) =>
        options[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
