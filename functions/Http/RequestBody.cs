using System.Buffers;
using System.IO.Pipelines;

namespace Sluice.Functions.Http;

/// <summary>
/// Reads a request body up to a byte limit. Content-Length is checked before a byte is read; a chunked body is
/// held to the same limit on the bytes actually read (contract §1.3, "Ours").
/// </summary>
internal static class RequestBody
{
    public enum Status { Ok, Empty, TooLarge }

    public static async ValueTask<(Status Status, ReadOnlyMemory<byte> Bytes)> Read(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > limit) return (Status.TooLarge, default);
            if (length == 0) return (Status.Empty, default);
        }
        else if (!request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true))
        {
            // Without Content-Length and not chunked there is no body.
            return (Status.Empty, default);
        }
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return (Status.TooLarge, default);
            }
            if (result.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return (bytes.Length == 0 ? Status.Empty : Status.Ok, bytes);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
