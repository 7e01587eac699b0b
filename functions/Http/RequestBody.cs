using System.Buffers;
using System.IO.Pipelines;

namespace Sluice.Functions.Http;

/// <summary>
/// Reads a request body up to a byte limit. Content-Length is checked before a byte is read; a chunked body is
/// held to the same limit on the bytes actually read (contract §1.3, "Ours"). A body whose framing is broken is a
/// <see cref="BadHttpRequestException"/>, which the error handling answers with a 400.
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
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // Kestrel reports some malformed framing this way (a chunk size that overflows: "Bad chunk size data").
                throw new BadHttpRequestException("The request body could not be read.", StatusCodes.Status400BadRequest, e);
            }
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
