using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Functions.Http;

/// <summary>
/// Values written as Zaqar's error texts write them, with Python's <c>repr</c>: <c>'name'</c>, <c>{'a', 'b'}</c>. A
/// set's members are sorted here; Python's order depends on string hashing and changes from run to run.
/// </summary>
internal static class PythonRepr
{
    public static string Of(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var text = new StringBuilder().Append(quote);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                '\r' => text.Append(@"\r"),
                '\t' => text.Append(@"\t"),
                _ when c == quote => text.Append('\\').Append(c),
                _ when c < ' ' || c == '\x7f' => text.Append($"\\x{(int)c:x2}"),
                _ => text.Append(c),
            };
        }
        return text.Append(quote).ToString();
    }

    /// <summary>A JSON value as Python shows what json.loads made of it.</summary>
    public static string Of(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "None",
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.String => Of(value.GetValue<string>()),
        _ => value.ToJsonString(),
    };

    public static string Set(IEnumerable<string> reprs) => "{" + string.Join(", ", reprs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) + "}";
}
