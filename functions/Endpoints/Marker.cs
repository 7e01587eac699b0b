using System.Globalization;
using Sluice.Domain.Ports;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// The marker of a message listing: a message's place in its queue, "position" for the first message of a post (every
/// message of the log's first version, whose markers were plain positions) and "position.item" for the others.
/// </summary>
internal static class Marker
{
    public static string Format(QueuePlace place) =>
        place.Item == 0
            ? place.Position.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{place.Position}.{place.Item}");

    public static bool TryParse(string? text, out QueuePlace place)
    {
        place = default;
        if (string.IsNullOrEmpty(text)) return false;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var item = 0;
        if (!long.TryParse(dot < 0 ? text : text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || (dot >= 0 && !int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out item))) return false;
        place = new QueuePlace(position, item);
        return true;
    }
}
