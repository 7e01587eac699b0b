using System.Text.RegularExpressions;

namespace Sluice.Integration.Tests.Support;

/// <summary>The service's own SQL, read from the infra assembly's embedded files, so tests explain what production runs.</summary>
public static partial class ServiceSql
{
    /// <summary>
    /// The text of an embedded file, named from Postgres/ (for example <c>Sql.lock_claimable.sql</c>), with the
    /// statements it embeds as <c>{name}</c> put in their place as <c>SqlText</c> composes them (<c>Sql/name.sql</c>).
    /// </summary>
    public static string Text(string name)
    {
        using var stream = typeof(Sluice.Infra.Postgres.PlannerStatistics).Assembly.GetManifestResourceStream("Sluice.Infra.Postgres." + name)
            ?? throw new InvalidOperationException($"no embedded SQL named {name}");
        using var reader = new StreamReader(stream);
        return Embedded().Replace(reader.ReadToEnd(), m => Text($"Sql.{m.Groups[1].Value}.sql"));
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Embedded();
}
