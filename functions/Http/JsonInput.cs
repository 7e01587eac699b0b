using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Domain.Messages;

namespace Sluice.Functions.Http;

/// <summary>
/// Request JSON as Zaqar accepts it (§1.3): UTF-8, top level an object or array, integers within signed 64-bit,
/// typed fields of exact JSON types. Message bodies are sliced out raw, never deserialized (DESIGN §6).
/// </summary>
internal static class JsonInput
{
    public const string Unparsable = "Request body could not be parsed.";
    public const string IntegerTooLarge = "JSON contains integer that is too large.";
    public const string NotSupported = "Document type not supported.";
    public const string LoneSurrogate = "Request body contains a string with a lone surrogate escape, which is not valid Unicode.";
    public const string Nul = "Request body contains a \\u0000 character, which cannot be stored.";

    /// <summary>One pass over the document; null when it is acceptable, else the error text.</summary>
    public static string? Validate(ReadOnlySpan<byte> json)
    {
        // The reader does not check every byte inside string values; a stored body must be valid UTF-8 to be served.
        if (!System.Text.Unicode.Utf8.IsValid(json)) return Unparsable;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return Unparsable;
            do
            {
                if (reader.TokenType == JsonTokenType.Number && IsIntegerLiteral(reader.ValueSpan) && !reader.TryGetInt64(out _)) return IntegerTooLarge;
            }
            while (reader.Read());
            return null;
        }
        catch (JsonException)
        {
            return Unparsable;
        }
    }

    /// <summary>
    /// A whole (small) document as a node, for queue metadata, patches, claims, purges and subscriptions. Of duplicate
    /// keys the last wins, as in Python's json (Zaqar). Every string must be storable: a lone surrogate escape
    /// (<c>"\udc00"</c>) has no UTF-8 form and PostgreSQL's jsonb refuses <c>\u0000</c>, so either is a 400 here
    /// rather than a failure in the store. Message bodies are not parsed here: they are kept byte for byte.
    /// </summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> json, out string? error)
    {
        error = Validate(json.Span);
        if (error is not null) return null;
        using var document = JsonDocument.Parse(json);
        return ToNode(document.RootElement, ref error);
    }

    private static JsonNode? ToNode(JsonElement element, ref string? error)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var o = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    var value = ToNode(property.Value, ref error);
                    if (Storable(() => property.Name, ref error) is not { } name) return null;
                    o[name] = value;
                }
                return error is null ? o : null;
            case JsonValueKind.Array:
                var a = new JsonArray();
                foreach (var item in element.EnumerateArray()) a.Add(ToNode(item, ref error));
                return error is null ? a : null;
            case JsonValueKind.String:
                return Storable(element.GetString, ref error) is { } text ? JsonValue.Create(text) : null;
            case JsonValueKind.Number:
                return JsonValue.Create(element.Clone());
            case JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(element.GetBoolean());
            default:
                return null;
        }
    }

    /// <summary>The text <paramref name="read"/> gives, or null (and the error) when it cannot be stored.</summary>
    private static string? Storable(Func<string?> read, ref string? error)
    {
        string? text;
        try
        {
            text = read();
        }
        catch (InvalidOperationException)
        {
            error ??= LoneSurrogate;
            return null;
        }
        if (text is null || !text.Contains('\0', StringComparison.Ordinal)) return text;
        error ??= Nul;
        return null;
    }

    /// <summary>An optional integer field of exact JSON integer type (booleans rejected, "Ours" in §1.3).</summary>
    public static bool TryInt(JsonObject o, string name, out long? value, out string? error)
    {
        value = null;
        error = null;
        if (!o.TryGetPropertyValue(name, out var node)) return true;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n))
        {
            value = n;
            return true;
        }
        error = $"The value of the \"{name}\" field must be a int.";
        return false;
    }

    /// <summary>
    /// Reads <c>{"messages": [{"body": ..., "ttl": n, "delay": n}, ...]}</c>. Unknown keys are dropped; the last
    /// of duplicate keys wins, as in Python's json.
    /// </summary>
    public static List<NewMessage>? Messages(ReadOnlyMemory<byte> json, out string? error, out bool apiError)
    {
        apiError = false;
        error = Validate(json.Span);
        if (error is not null) return null;
        var reader = new Utf8JsonReader(json.Span);
        reader.Read();
        // Zaqar raises these two as "Invalid API request", not as a body error.
        apiError = true;
        if (reader.TokenType != JsonTokenType.StartObject) return Fail(out error, "No messages were found in the request body.");
        apiError = false;
        var found = false;
        List<NewMessage>? messages = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessages = reader.ValueTextEquals("messages"u8);
            reader.Read();
            if (!isMessages)
            {
                reader.Skip();
                continue;
            }
            found = true;
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                messages = null;
                error = NotSupported;
                reader.Skip();
                continue;
            }
            error = null;
            messages = ReadArray(ref reader, json, out error);
        }
        if (!found)
        {
            apiError = true;
            return Fail(out error, "No messages were found in the request body.");
        }
        if (error is not null) return null;
        if (messages!.Count == 0)
        {
            apiError = true;
            return Fail(out error, "No messages to enqueu.");
        }
        return messages;
    }

    private static List<NewMessage> ReadArray(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, out string? error)
    {
        error = null;
        var messages = new List<NewMessage>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error ??= NotSupported;
                reader.Skip();
                continue;
            }
            ReadOnlyMemory<byte>? body = null;
            long? ttl = null, delay = null;
            var delayNotInt = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = reader.ValueTextEquals("body"u8) ? 1 : reader.ValueTextEquals("ttl"u8) ? 2 : reader.ValueTextEquals("delay"u8) ? 3 : 0;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                switch (field)
                {
                    case 1:
                        reader.Skip();
                        body = json[start..(int)reader.BytesConsumed];
                        break;
                    case 2 or 3:
                        long? n = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) ? v : null;
                        // A delay that is not an int is judged by the decider, after the queue's size cap (§5.1).
                        if (field == 3) (delay, delayNotInt) = (n, n is null);
                        else if (n is null) error ??= "The value of the \"ttl\" field must be a int.";
                        else ttl = n;
                        reader.Skip();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (body is null) error ??= "Missing \"body\" field.";
            else messages.Add(new NewMessage(body.Value, ttl, delay, delayNotInt));
        }
        return messages;
    }

    private static List<NewMessage>? Fail(out string error, string text)
    {
        error = text;
        return null;
    }

    private static bool IsIntegerLiteral(ReadOnlySpan<byte> number) => number.IndexOfAny("eE."u8) < 0;
}
