using Npgsql;
using NpgsqlTypes;

namespace Sluice.Infra.Postgres;

/// <summary>Typed positional parameters, so no value is boxed on the way to the driver.</summary>
internal static class Db
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    public static NpgsqlCommand With<T>(this NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }

    public static NpgsqlCommand With<T>(this NpgsqlCommand command, T value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value, NpgsqlDbType = type });
        return command;
    }

    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }

    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, T value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value, NpgsqlDbType = type });
        return command;
    }

    public static DateTime Utc(this DateTimeOffset value) => value.UtcDateTime;

    public static DateTimeOffset Time(this NpgsqlDataReader reader, int ordinal) =>
        new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);
}
