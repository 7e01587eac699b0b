using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Domain.Queues;

namespace Sluice.Functions.Endpoints;

/// <summary>The shape of a queue PATCH body: JSON-patch operations on <c>/metadata/{key}</c> only (§4.4).</summary>
internal static class MetadataPatchParser
{
    /// <summary>Null when the body is well-formed, else the error text.</summary>
    public static string? Parse(JsonNode? body, out List<MetadataPatch> patch)
    {
        patch = [];
        if (body is not JsonArray operations) return "Request body must be a JSON array of operation objects.";
        foreach (var item in operations)
        {
            if (item is not JsonObject op) return "Request body must be a JSON array of operation objects.";
            if (!op.TryGetPropertyValue("op", out var opNode) || opNode?.GetValueKind() != JsonValueKind.String) return "Missing or invalid \"op\" in patch operation.";
            var kind = opNode.GetValue<string>() switch
            {
                "add" => PatchOp.Add,
                "remove" => PatchOp.Remove,
                "replace" => (PatchOp?)PatchOp.Replace,
                _ => null,
            };
            if (kind is null) return $"Invalid operation: `{opNode.GetValue<string>()}`. It must be one of add, remove or replace.";
            if (!op.TryGetPropertyValue("path", out var pathNode) || pathNode?.GetValueKind() != JsonValueKind.String) return "Missing or invalid \"path\" in patch operation.";
            var segments = pathNode.GetValue<string>().Split('/');
            if (segments.Length != 3 || segments[0].Length != 0 || !segments[1].Equals("metadata", StringComparison.OrdinalIgnoreCase) || segments[2].Length == 0)
            {
                return $"Invalid path: `{pathNode.GetValue<string>()}`. It must be /metadata/<key>.";
            }
            var key = segments[2].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            JsonNode? value = null;
            if (kind != PatchOp.Remove && !op.TryGetPropertyValue("value", out value)) return $"Missing \"value\" for the `{opNode.GetValue<string>()}` operation.";
            patch.Add(new MetadataPatch(kind.Value, key, value));
        }
        return null;
    }
}
