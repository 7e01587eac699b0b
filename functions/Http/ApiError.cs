using System.Text.Json;
using Sluice.Domain;

namespace Sluice.Functions.Http;

/// <summary>Errors in Zaqar's format: <c>{"title": ..., "description": ...}</c> (contract §1.4).</summary>
internal static class ApiError
{
    public const string InvalidApiRequest = "Invalid API request";
    public const string InvalidBody = "Invalid request body";
    public const string InvalidParameter = "Invalid parameter";
    public const string NotFound = "Not found";
    public const string UnableToDelete = "Unable to delete";
    public const string Conflict = "Resource conflict";

    public static JsonResult<(string Title, string? Description)> Of(int status, string title, string? description = null) =>
        Json.Status(status, (title, description), Write);

    public static JsonResult<(string Title, string? Description)> BadRequest(string title, string? description = null) =>
        Of(StatusCodes.Status400BadRequest, title, description);

    public static JsonResult<(string Title, string? Description)> Api(string description) => BadRequest(InvalidApiRequest, description);

    public static JsonResult<(string Title, string? Description)> Body(string description) => BadRequest(InvalidBody, description);

    public static JsonResult<(string Title, string? Description)> Limit(int max) =>
        Api($"Limit must be at least 1 and may not be greater than {max}.");

    public static JsonResult<(string Title, string? Description)> SubscriptionNotFound(string id) =>
        Of(StatusCodes.Status404NotFound, NotFound, $"Subscription {id} does not exist");

    public static async Task Write(HttpContext context, int status, string title, string? description)
    {
        await Of(status, title, description).ExecuteAsync(context);
    }

    private static void Write(Utf8JsonWriter w, (string Title, string? Description) e)
    {
        w.WriteStartObject();
        w.WriteString("title", e.Title);
        if (e.Description is not null) w.WriteString("description", e.Description);
        w.WriteEndObject();
    }

    /// <summary>Each domain refusal as Zaqar answers it.</summary>
    public static IResult From(Refusal refusal, Limits limits, string queue, string project) => refusal.Reason switch
    {
        Rejection.QueueNotFound => Of(StatusCodes.Status404NotFound, NotFound, $"Queue {queue} does not exist for project {project}"),
        Rejection.MessageNotFound => Of(StatusCodes.Status404NotFound, NotFound, $"Message {refusal.Detail} does not exist in queue {queue} for project {project}"),
        Rejection.ClaimNotFound => Of(StatusCodes.Status404NotFound, NotFound, $"Claim {refusal.Detail} does not exist in queue {queue} for project {project}"),
        Rejection.MessagesNotFound => Of(StatusCodes.Status404NotFound, NotFound, $"No messages with IDs: {refusal.Detail} found in the queue {queue} for project {project}."),
        Rejection.MessageTtlOutOfRange => Api($"The TTL for a message may not exceed {limits.MaxMessageTtl} seconds, and must be at least {Limits.MinMessageTtl} seconds long."),
        Rejection.MessageDelayOutOfRange => Api($"The Delay TTL for a message may not exceed {limits.MaxMessageDelay} seconds,and must be at least 0 seconds long."),
        Rejection.MessageDelayNotInt => Body("The value of the \"delay\" field must be a int."),
        Rejection.MessagesTooLarge => Api($"Message collection size is too large. The max size for current queue is {refusal.Detail}"),
        Rejection.ClaimTtlOutOfRange => Api($"The TTL for a claim may not exceed {limits.MaxClaimTtl} seconds, and must be at least {Limits.MinClaimTtl} seconds long."),
        Rejection.ClaimGraceOutOfRange => Api($"The grace for a claim may not exceed {limits.MaxClaimGrace} seconds, and must be at least {Limits.MinClaimGrace} seconds long."),
        Rejection.ClaimedWithoutClaimId or Rejection.ClaimNotHeld => Of(StatusCodes.Status403Forbidden, UnableToDelete,
            "This message is claimed; it cannot be deleted without a valid claim ID."),
        Rejection.NotClaimed => BadRequest(UnableToDelete, "A claim was specified, but the message is not currently claimed."),
        Rejection.ClaimExpiredOrUnknown => BadRequest(UnableToDelete, "The specified claim does not exist or has expired."),
        Rejection.ClaimIdsRequired => Api("claim_ids must be provided with ids when message_delete_with_claim_id is enabled."),
        Rejection.MetadataInvalid => Api($"The value of the metadata key \"{refusal.Detail}\" is invalid."),
        Rejection.MetadataReplaceMissing => Of(StatusCodes.Status409Conflict, Conflict, $"Can't replace non-existent object {refusal.Detail}."),
        Rejection.MetadataRemoveMissing => Of(StatusCodes.Status409Conflict, Conflict, $"Can't remove non-existent object {refusal.Detail}."),
        Rejection.IdempotencyKeyReused => Of(StatusCodes.Status409Conflict, Conflict,
            $"The Idempotency-Key {refusal.Detail} was used for a different request body within its window."),
        Rejection.SubscriptionNotFound => SubscriptionNotFound(refusal.Detail ?? ""),
        Rejection.SubscriptionExists => Of(StatusCodes.Status409Conflict, Conflict,
            "Such subscription already exists.Subscriptions are unique by project + queue + subscriber URI."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Reason, "Unmapped rejection."),
    };
}
