namespace Sluice.Integration.Tests.Support;

/// <summary>The service's own SQL, read from the infra assembly's embedded files, so tests explain what production runs.</summary>
public static class ServiceSql
{
    /// <summary>The text of an embedded file, named from Postgres/ (for example <c>Sql.lock_claimable.sql</c>).</summary>
    public static string Text(string name)
    {
        using var stream = typeof(Sluice.Infra.Postgres.PlannerStatistics).Assembly.GetManifestResourceStream("Sluice.Infra.Postgres." + name)
            ?? throw new InvalidOperationException($"no embedded SQL named {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
