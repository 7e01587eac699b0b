using System.Globalization;
using Npgsql;

namespace Sluice.Infra.Catalog;

/// <summary>
/// Where a pool's PostgreSQL is: <c>postgresql://user[:password]@host[:port]/database[?param=value&amp;…]</c> (also
/// <c>postgres://</c>). Without a password the service signs in as configured (a managed identity's token with
/// <c>Sluice:PostgresAuthentication=EntraId</c>, else trust or a password file). The password never leaves this type
/// except in the connection string: <see cref="Redacted"/> is what the API returns and what logs may show.
/// </summary>
public sealed class PoolUri
{
    /// <summary>The libpq parameters a pool URI may carry, and the Npgsql keyword each becomes.</summary>
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    /// <summary>libpq's spellings of <c>sslmode</c> that Npgsql spells otherwise.</summary>
    private static readonly Dictionary<string, string> SslModes = new(StringComparer.Ordinal)
    {
        ["verify-ca"] = "VerifyCA",
        ["verify-full"] = "VerifyFull",
    };

    private PoolUri(string host, int port, string database, string? user, string? password, IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        (Host, Port, Database, User, Password, Query) = (host, port, database, user, password, parameters);

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string? User { get; }

    private string? Password { get; }

    private IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    /// <summary>
    /// The database this names, whoever signs in and with which parameters: host (case-insensitive), port and database
    /// name. Two pools never have the same; a host spelt two ways (a name and its address) is not recognised as one.
    /// </summary>
    public string Identity => string.Create(CultureInfo.InvariantCulture, $"{Host.ToLowerInvariant()}:{Port}/{Database}");

    public bool HasPassword => Password is not null;

    /// <summary>Whether the URI asks for TLS that checks the server's certificate and name (<c>sslmode=verify-full</c>).</summary>
    public bool VerifiesServer => Query.Any(p => p.Key == "sslmode" && p.Value == "verify-full");

    /// <summary>The URI without its password (<c>postgresql://user@host:port/database?…</c>).</summary>
    public string Redacted => Format(withPassword: false);

    /// <summary>The URI as given, password included: only for the catalog's own record.</summary>
    public string Secret => Format(withPassword: true);

    public override string ToString() => Redacted;

    /// <summary>The Npgsql connection string of this URI (keywords only; the caller adds the service's own settings).</summary>
    public string ConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = Host, Port = Port, Database = Database };
        if (User is not null) builder.Username = User;
        if (Password is not null) builder.Password = Password;
        foreach (var (key, value) in Query) builder[Parameters[key]] = key == "sslmode" ? SslModes.GetValueOrDefault(value, value) : value;
        return builder.ConnectionString;
    }

    /// <summary>Parses <paramref name="text"/>; null when it is not a pool URI (the reason in <paramref name="error"/>).</summary>
    public static PoolUri? Parse(string text, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            error = "a pool URI is postgresql://user[:password]@host[:port]/database";
            return null;
        }
        var host = uri.IdnHost;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (host.Length == 0 || database.Length == 0 || database.Contains('/', StringComparison.Ordinal) || uri.Fragment.Length > 0)
        {
            error = "a pool URI names a host and one database: postgresql://user[:password]@host[:port]/database";
            return null;
        }
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (equals < 0 || !Parameters.ContainsKey(key))
            {
                error = "a pool URI may carry only " + string.Join(", ", Parameters.Keys) + " as parameters";
                return null;
            }
            parameters.Add(new(key, Uri.UnescapeDataString(pair[(equals + 1)..])));
        }
        var candidate = new PoolUri(host, uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port, database, user, password, parameters);
        try
        {
            _ = new NpgsqlConnectionStringBuilder(candidate.ConnectionString());
        }
        catch (ArgumentException)
        {
            error = "a parameter of the pool URI has a value Npgsql does not accept";
            return null;
        }
        return candidate;
    }

    private string Format(bool withPassword)
    {
        var user = User is null ? "" : Uri.EscapeDataString(User)
            + (withPassword && Password is not null ? ":" + Uri.EscapeDataString(Password) : "") + "@";
        var host = Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host;
        var query = Query.Count == 0 ? "" : "?" + string.Join('&', Query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{user}{host}:{Port}/{Uri.EscapeDataString(Database)}{query}");
    }
}
