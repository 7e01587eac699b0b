using Sluice.Domain.Ports;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Expiry;

public static class ExpiryDecider
{
    /// <summary>Claims expire before messages so a message's claim is never left pointing at a removed claim row.</summary>
    public static QueueEvent[] Expire(ExpiredSet expired, DateTimeOffset now)
    {
        var events = new List<QueueEvent>(2);
        if (expired.Claims.Length > 0) events.Add(new QueueEvent.ClaimsExpired(expired.Claims, now));
        if (expired.Messages.Length > 0) events.Add(new QueueEvent.MessagesExpired(expired.Messages, now));
        return [.. events];
    }
}
