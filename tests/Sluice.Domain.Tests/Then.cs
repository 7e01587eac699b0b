using System.Collections;
using System.Reflection;
using System.Text;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Tests;

/// <summary>
/// Assertions on decisions. Events are compared field by field, arrays by sequence and bodies by bytes, because
/// record equality compares arrays by reference and would pass or fail for the wrong reason.
/// </summary>
internal static class Then
{
    public static void Events(IReadOnlyList<QueueEvent> actual, params QueueEvent[] expected)
    {
        var same = actual.Count == expected.Length;
        for (var i = 0; same && i < expected.Length; i++) same = Same(expected[i], actual[i]);
        Assert.True(same, $"Expected events:{Render(expected)}{Environment.NewLine}Actual events:{Render(actual)}");
    }

    public static void Refused<T>(Decision<T> decision, Rejection reason, string? detail = null)
    {
        Assert.Equal(new Refusal(reason, detail), decision.Refused);
        Assert.Empty(decision.Events);
    }

    public static void Accepted<T>(Decision<T> decision, params QueueEvent[] expected)
    {
        Assert.Null(decision.Refused);
        Events(decision.Events, expected);
    }

    public static bool Same(QueueEvent expected, QueueEvent actual) =>
        expected.GetType() == actual.GetType() && Properties(expected).All(p => SameValue(p.GetValue(expected), p.GetValue(actual)));

    private static bool SameValue(object? x, object? y) => (x, y) switch
    {
        (ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) => a.Span.SequenceEqual(b.Span),
        (PostedMessage a, PostedMessage b) => a.Id == b.Id && a.Ttl == b.Ttl && a.Delay == b.Delay && SameValue(a.Body, b.Body),
        (IEnumerable a, IEnumerable b) when x is not string =>
            a.Cast<object?>().ToArray() is var left && b.Cast<object?>().ToArray() is var right
            && left.Length == right.Length && left.Zip(right).All(p => SameValue(p.First, p.Second)),
        _ => Equals(x, y),
    };

    private static PropertyInfo[] Properties(QueueEvent e) => e.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private static string Render(IEnumerable<QueueEvent> events)
    {
        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append(Environment.NewLine).Append("  ").Append(e.GetType().Name).Append('(');
            text.AppendJoin(", ", Properties(e).Select(p => $"{p.Name}={Format(p.GetValue(e))}"));
            text.Append(')');
        }
        return text.Length == 0 ? " (none)" : text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        ReadOnlyMemory<byte> body => Encoding.UTF8.GetString(body.Span),
        PostedMessage m => $"({m.Id}, {Format(m.Body)}, ttl={m.Ttl}, delay={m.Delay})",
        QueueMetadata m => m.Json,
        IEnumerable items and not string => $"[{string.Join(", ", items.Cast<object?>())}]",
        _ => value.ToString() ?? "",
    };
}
