using System.Collections;
using System.Reflection;
using System.Text;
using Sluice.Domain.Queues;

namespace Sluice.Integration.Tests.Serialization;

/// <summary>
/// Field-by-field equality of events. Record equality would compare arrays by reference and bodies by buffer, so it
/// is no proof of a round trip; here arrays compare by sequence and bodies by bytes.
/// </summary>
internal static class EventFields
{
    public static void AssertEqual(QueueEvent expected, QueueEvent actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var p in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var (x, y) = (p.GetValue(expected), p.GetValue(actual));
            Assert.True(Same(x, y), $"{expected.GetType().Name}.{p.Name}: expected {Format(x)}, got {Format(y)}");
        }
    }

    private static bool Same(object? x, object? y) => (x, y) switch
    {
        (ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) => a.Span.SequenceEqual(b.Span),
        (PostedMessage a, PostedMessage b) => a.Id == b.Id && a.Ttl == b.Ttl && a.Delay == b.Delay && Same(a.Body, b.Body),
        (IEnumerable a, IEnumerable b) when x is not string =>
            a.Cast<object?>().ToArray() is var left && b.Cast<object?>().ToArray() is var right
            && left.Length == right.Length && left.Zip(right).All(p => Same(p.First, p.Second)),
        _ => Equals(x, y),
    };

    private static string Format(object? value) => value switch
    {
        null => "null",
        ReadOnlyMemory<byte> body => Encoding.UTF8.GetString(body.Span),
        PostedMessage m => $"({m.Id}, {Format(m.Body)}, ttl={m.Ttl}, delay={m.Delay})",
        QueueMetadata m => m.Json,
        IEnumerable items and not string => $"[{string.Join(", ", items.Cast<object?>().Select(Format))}]",
        _ => value.ToString() ?? "",
    };
}
