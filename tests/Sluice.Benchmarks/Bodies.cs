using System.Buffers.Text;
using System.Text;

namespace Sluice.Benchmarks;

/// <summary>
/// Message bodies of exactly <see cref="Size"/> bytes, <c>{"t":&lt;Stopwatch ticks&gt;,"pad":"xxx…"}</c>, and the
/// request documents that carry them. <c>t</c> is when the producer built the request: a consumer in the same
/// process subtracts it from its own clock for the end-to-end latency.
/// </summary>
internal static class Bodies
{
    public const int Size = 256;

    private static readonly byte[] Head = "{\"t\":"u8.ToArray();
    private static readonly byte[] Middle = ",\"pad\":\""u8.ToArray();
    private static readonly byte[] Tail = "\"}"u8.ToArray();
    private static readonly byte[] PostHead = "{\"messages\":["u8.ToArray();
    private static readonly byte[] PostItemHead = "{\"body\":"u8.ToArray();
    private static readonly byte[] PostTail = "]}"u8.ToArray();

    /// <summary>Writes one body into <paramref name="into"/> (at least <see cref="Size"/> bytes long).</summary>
    public static void Write(Span<byte> into, long ticks)
    {
        Head.CopyTo(into);
        var at = Head.Length;
        if (!Utf8Formatter.TryFormat(ticks, into[at..], out var digits)) throw new InvalidOperationException("ticks do not fit");
        at += digits;
        Middle.CopyTo(into[at..]);
        at += Middle.Length;
        var pad = Size - at - Tail.Length;
        into.Slice(at, pad).Fill((byte)'x');
        at += pad;
        Tail.CopyTo(into[at..]);
    }

    public static string Text(long ticks)
    {
        Span<byte> buffer = stackalloc byte[Size];
        Write(buffer, ticks);
        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary><c>{"messages":[{"body":B},…]}</c> with <paramref name="count"/> bodies stamped <paramref name="ticks"/>.</summary>
    public static byte[] PostRequest(int count, long ticks)
    {
        var length = PostHead.Length + PostTail.Length + (count * (PostItemHead.Length + Size + 1)) + (count - 1);
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        PostHead.CopyTo(span);
        var at = PostHead.Length;
        for (var i = 0; i < count; i++)
        {
            if (i > 0) span[at++] = (byte)',';
            PostItemHead.CopyTo(span[at..]);
            at += PostItemHead.Length;
            Write(span.Slice(at, Size), ticks);
            at += Size;
            span[at++] = (byte)'}';
        }
        PostTail.CopyTo(span[at..]);
        return bytes;
    }

    /// <summary>The <c>t</c> of a body as text (jsonb may have re-spaced it); -1 when there is none.</summary>
    public static long TicksOf(string body)
    {
        var at = body.IndexOf("\"t\"", StringComparison.Ordinal);
        if (at < 0) return -1;
        at += 3;
        while (at < body.Length && (body[at] == ' ' || body[at] == ':')) at++;
        long value = 0;
        var any = false;
        while (at < body.Length && char.IsAsciiDigit(body[at]))
        {
            value = (value * 10) + (body[at++] - '0');
            any = true;
        }
        return any ? value : -1;
    }
}
