namespace Sluice.Infra;

/// <summary>The SMTP relay mailto notifications go through.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender when a subscription's options give no <c>from</c>.</summary>
    public string From { get; set; } = "sluice@localhost";
}
