using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mediator;
using Sluice.Domain;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;
using Sluice.Infra.Catalog;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// Pools and flavors, the admin API of the catalog (contract §7.6), routed only with <c>Sluice:Pooling</c>. Bodies are
/// checked as Zaqar's JSON schemas check them (zaqar/common/api/schemas/pools.py, flavors.py), with jsonschema's
/// messages; unlike Zaqar, a PATCH refuses unknown keys too (its patch schemas put <c>additionalProperties</c> where
/// it has no effect) and a pool's URI is returned without its password.
/// </summary>
internal static partial class PoolsEndpoints
{
    private static readonly string[] PoolKeys = ["uri", "weight", "flavor", "options"];
    private static readonly string[] FlavorKeys = ["pool_list", "capabilities"];
    private const long MaxWeight = uint.MaxValue;
    private const int MaxText = 255;

    /// <summary>A Table Storage string property holds 32 Ki UTF-16 characters: the options stay well inside it.</summary>
    private const int MaxOptions = 16384;

    public static void MapPools(this IEndpointRouteBuilder routes)
    {
        var admin = new RouteKind(Versioned: true, Admin: true, Store: false);
        var pools = routes.MapGroup("/v2/pools").WithMetadata(admin, new HttpFunction("pools", "v2/pools/{pool_name?}"));
        pools.MapGet("", ListPools);
        pools.MapGet("/{pool_name}", GetPool);
        pools.MapPut("/{pool_name}", PutPool);
        pools.MapPatch("/{pool_name}", PatchPool);
        pools.MapDelete("/{pool_name}", DeletePool);
        // Flavors are read by every project (a queue chooses one) and written by admins.
        var flavors = routes.MapGroup("/v2/flavors").WithMetadata(new RouteKind(Versioned: true, Store: false),
            new HttpFunction("flavors", "v2/flavors/{flavor_name?}"));
        flavors.MapGet("", ListFlavors);
        flavors.MapGet("/{flavor_name}", GetFlavor);
        flavors.MapPut("/{flavor_name}", PutFlavor).WithMetadata(admin);
        flavors.MapPatch("/{flavor_name}", PatchFlavor).WithMetadata(admin);
        flavors.MapDelete("/{flavor_name}", DeleteFlavor).WithMetadata(admin);
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex Name();

    private static async Task<IResult> ListPools(HttpRequest request, IMediator mediator, Limits limits, CancellationToken ct)
    {
        if (!request.TryLimit("limit", limits.DefaultPageSize, limits.MaxPoolsPerPage, out var limit, out var error)) return error!;
        if (!request.TryBool("detailed", false, out var detailed, out error)) return error!;
        var page = await mediator.Send(new ListPoolsQuery(request.String("marker"), limit), ct);
        var next = page.Count > 0 ? Paging.Next(request, page[^1].Name) : null;
        request.HttpContext.Response.Headers.ContentLocation = request.Path + request.QueryString;
        return Page("pools", page, detailed, next, WritePool);
    }

    private static async Task<IResult> GetPool(string pool_name, HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        if (!request.TryBool("detailed", false, out var detailed, out var error)) return error!;
        // A name no pool can have (Table Storage keys hold no '/', '#', '?' or control characters) names none.
        if (!Name().IsMatch(pool_name)) return PoolNotFound(pool_name);
        return await mediator.Send(new GetPoolQuery(pool_name), ct) is { } pool
            ? Json.Ok((pool, detailed), static (w, s) => WritePool(w, s.pool, s.detailed))
            : PoolNotFound(pool_name);
    }

    private static async Task<IResult> PutPool(string pool_name, HttpRequest request, IMediator mediator, Limits limits, CancellationToken ct)
    {
        if (!Name().IsMatch(pool_name)) return InvalidName("Pool", pool_name);
        var (body, error) = await ReadObject(request, limits, ct);
        if (error is not null) return error;
        if ((Unexpected(body!, PoolKeys) ?? Required(body!, "uri", "weight")) is { } schemaError) return ApiError.Body(schemaError);
        var fields = ReadPool(body!, out error);
        if (error is not null) return error;
        var pool = new PoolRecord(pool_name, fields.Uri!, fields.Weight!.Value, fields.Flavor is { Length: > 0 } f ? f : null, fields.Options ?? "{}");
        var change = await mediator.Send(new PutPoolCommand(pool), ct);
        return change.Outcome == PoolChangeOutcome.Written
            ? new Located($"/v2/pools/{pool_name}", TypedResults.StatusCode(StatusCodes.Status201Created))
            : Refused(change, pool_name, fields.Uri!);
    }

    private static async Task<IResult> PatchPool(string pool_name, HttpRequest request, IMediator mediator, Limits limits, CancellationToken ct)
    {
        if (!Name().IsMatch(pool_name)) return PoolNotFound(pool_name);
        var (body, error) = await ReadObject(request, limits, ct);
        if (error is not null) return error;
        if (!PoolKeys.Any(body!.ContainsKey)) return ApiError.Body("One of `uri`, `weight`, `flavor`, or `options` needs to be specified");
        if (Unexpected(body!, PoolKeys) is { } schemaError) return ApiError.Body(schemaError);
        var fields = ReadPool(body!, out error);
        if (error is not null) return error;
        var change = await mediator.Send(new UpdatePoolCommand(pool_name, fields.Uri, fields.Weight, fields.Flavor, fields.Options), ct);
        return change.Outcome == PoolChangeOutcome.Written
            ? Json.Ok(change.Pool!, static (w, p) => WritePool(w, p, detailed: false))
            : Refused(change, pool_name, fields.Uri);
    }

    private static async Task<IResult> DeletePool(string pool_name, IMediator mediator, CancellationToken ct) =>
        !Name().IsMatch(pool_name) ? TypedResults.NoContent() : await mediator.Send(new RemovePoolCommand(pool_name), ct) switch
        {
            PoolRemovalOutcome.OnlyPoolOfFlavor => ApiError.Of(StatusCodes.Status403Forbidden, ApiError.UnableToDelete,
                $"Pool {pool_name} is the only pool of its flavor; it cannot be deleted."),
            PoolRemovalOutcome.HoldsQueues => ApiError.Of(StatusCodes.Status409Conflict, ApiError.Conflict,
                $"Pool {pool_name} holds queues; it cannot be deleted before they are moved to other pools."),
            PoolRemovalOutcome.Unreachable => ApiError.Of(StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable",
                $"Pool {pool_name} cannot be reached to check that it holds no queues. Please try again in a few seconds."),
            _ => TypedResults.NoContent(),
        };

    private static async Task<IResult> ListFlavors(HttpRequest request, IMediator mediator, Limits limits, CancellationToken ct)
    {
        if (!request.TryLimit("limit", limits.DefaultPageSize, limits.MaxFlavorsPerPage, out var limit, out var error)) return error!;
        if (!request.TryBool("detailed", false, out var detailed, out error)) return error!;
        var page = await mediator.Send(new ListFlavorsQuery(request.String("marker"), limit), ct);
        var next = page.Count > 0 ? Paging.Next(request, page[^1].Name) : null;
        return Page("flavors", page, detailed, next, WriteFlavor);
    }

    private static async Task<IResult> GetFlavor(string flavor_name, IMediator mediator, CancellationToken ct) =>
        Name().IsMatch(flavor_name) && await mediator.Send(new GetFlavorQuery(flavor_name), ct) is { } flavor
            ? Json.Ok(flavor, static (w, f) => WriteFlavor(w, f, capabilities: true))
            : FlavorNotFound(flavor_name);

    private static Task<IResult> PutFlavor(string flavor_name, HttpRequest request, IMediator mediator, Limits limits, CancellationToken ct) =>
        WriteFlavor(flavor_name, request, mediator, limits, create: true, ct);

    private static Task<IResult> PatchFlavor(string flavor_name, HttpRequest request, IMediator mediator, Limits limits, CancellationToken ct) =>
        WriteFlavor(flavor_name, request, mediator, limits, create: false, ct);

    private static async Task<IResult> DeleteFlavor(string flavor_name, IMediator mediator, CancellationToken ct)
    {
        if (Name().IsMatch(flavor_name)) await mediator.Send(new RemoveFlavorCommand(flavor_name), ct);
        return TypedResults.NoContent();
    }

    /// <summary>PUT (create or replace) and PATCH (change) of a flavor: Zaqar's checks and texts for each.</summary>
    private static async Task<IResult> WriteFlavor(string name, HttpRequest request, IMediator mediator, Limits limits, bool create, CancellationToken ct)
    {
        if (!Name().IsMatch(name)) return create ? InvalidName("Flavor", name) : FlavorNotFound(name);
        var (body, error) = await ReadObject(request, limits, ct);
        if (error is not null) return error;
        if (!create && !body!.ContainsKey("pool_list")) return ApiError.Body("`pool_list` needs to be specified");
        if ((Unexpected(body!, FlavorKeys) ?? Required(body!, "pool_list")) is { } schemaError) return ApiError.Body(schemaError);
        if (body!["pool_list"] is not JsonArray list) return ApiError.Body(NotOfType(body["pool_list"], "array"));
        if (body.TryGetPropertyValue("capabilities", out var caps) && caps is not JsonObject) return ApiError.Body(NotOfType(caps, "object"));
        var failure = create ? "Unable to create" : "updatefail";
        if (list.Count == 0) return ApiError.BadRequest(failure, "Bad Request");
        if (list.FirstOrDefault(p => p?.GetValueKind() != JsonValueKind.String) is { } notName)
        {
            return ApiError.BadRequest(failure, $"Pool names are strings, not {PythonRepr.Of(notName)}");
        }
        var pools = list.Select(p => p!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList();
        var (outcome, pool) = await mediator.Send(new PutFlavorCommand(name, pools, create), ct);
        var verb = create ? "could not be created" : "cant be updated";
        return outcome switch
        {
            FlavorWrite.Missing => FlavorNotFound(name),
            FlavorWrite.UnknownPool => ApiError.BadRequest(failure, $"Flavor {name} {verb}, error:Pool {pool} does not exist"),
            FlavorWrite.TooManyPools => ApiError.BadRequest(failure, $"Flavor {name} {verb}, error:a flavor has at most {PoolCatalog.MaxPoolsPerFlavor} pools"),
            _ when create => new Located($"/v2/flavors/{name}", TypedResults.StatusCode(StatusCodes.Status201Created)),
            _ => await mediator.Send(new GetFlavorQuery(name), ct) is { } written
                ? Json.Ok(written, static (w, f) => WriteFlavor(w, f, capabilities: true))
                : FlavorNotFound(name),
        };
    }

    private readonly record struct PoolFields(PoolUri? Uri, long? Weight, string? Flavor, string? Options);

    /// <summary>The fields present in a pool body, each of its schema's type and bounds; the first violation is the error.</summary>
    private static PoolFields ReadPool(JsonObject body, out IResult? error)
    {
        error = null;
        PoolUri? uri = null;
        long? weight = null;
        string? flavor = null, options = null;
        if (body.TryGetPropertyValue("weight", out var w))
        {
            if (w?.GetValueKind() != JsonValueKind.Number || !w.AsValue().TryGetValue<JsonElement>(out var n) || !n.TryGetInt64(out var value))
            {
                // Integers beyond 64 bits were refused by JsonInput already: what is left is not an integer.
                error = ApiError.Body(NotOfType(w, "integer"));
                return default;
            }
            if (value < 0) error = ApiError.Body($"{value} is less than the minimum of 0");
            else if (value > MaxWeight) error = ApiError.Body($"{value} is greater than the maximum of {MaxWeight}");
            weight = value;
        }
        if (error is null && body.TryGetPropertyValue("uri", out var u))
        {
            // The value is never echoed: it may carry a password.
            if (u?.GetValueKind() != JsonValueKind.String) error = ApiError.Body(NotOfType(u, "string"));
            else if (u.GetValue<string>().Length > MaxText) error = ApiError.Body($"'uri' is too long (at most {MaxText} characters)");
            else if ((uri = PoolUri.Parse(u.GetValue<string>(), out var why)) is null) error = ApiError.Body($"'uri' is not a pool URI: {why}");
        }
        if (error is null && body.TryGetPropertyValue("flavor", out var f))
        {
            if (Text(f, out flavor) is { } bad) error = ApiError.Body(bad);
            else if (flavor!.Length > 0 && !Name().IsMatch(flavor)) error = InvalidName("Flavor", flavor);
        }
        if (error is null && body.TryGetPropertyValue("options", out var o))
        {
            if (o is not JsonObject) error = ApiError.Body(NotOfType(o, "object"));
            else if ((options = o.ToJsonString()).Length > MaxOptions) error = ApiError.Body($"'options' is too large (at most {MaxOptions} characters of JSON)");
        }
        return new PoolFields(uri, weight, flavor, options);
    }

    /// <summary>A string of at most 255 characters (the schemas' <c>maxLength</c>); null when it is one, else the error.</summary>
    private static string? Text(JsonNode? value, out string? text)
    {
        text = null;
        if (value?.GetValueKind() != JsonValueKind.String) return NotOfType(value, "string");
        text = value.GetValue<string>();
        return text.Length > MaxText ? $"{PythonRepr.Of(value)} is too long" : null;
    }

    private static string? Unexpected(JsonObject body, string[] known)
    {
        var unknown = body.Select(p => p.Key).Where(k => Array.IndexOf(known, k) < 0).Select(PythonRepr.Of).ToList();
        return unknown.Count switch
        {
            0 => null,
            1 => $"Additional properties are not allowed ({unknown[0]} was unexpected)",
            _ => $"Additional properties are not allowed ({string.Join(", ", unknown)} were unexpected)",
        };
    }

    private static string? Required(JsonObject body, params string[] names) =>
        names.FirstOrDefault(n => !body.ContainsKey(n)) is { } missing ? $"{PythonRepr.Of(missing)} is a required property" : null;

    private static string NotOfType(JsonNode? value, string type) => $"{PythonRepr.Of(value)} is not of type {PythonRepr.Of(type)}";

    private static async Task<(JsonObject? Body, IResult? Error)> ReadObject(HttpRequest request, Limits limits, CancellationToken ct)
    {
        var (status, bytes) = await RequestBody.Read(request, limits.MaxQueueMetadata, ct);
        if (status == RequestBody.Status.TooLarge) return (null, ApiError.Api($"Request body is too large. Max size: {limits.MaxQueueMetadata}"));
        if (status == RequestBody.Status.Empty) return (null, ApiError.Body("Request body can not be empty"));
        var node = JsonInput.Parse(bytes, out var error);
        if (error is not null) return (null, ApiError.Body(error));
        return node is JsonObject body ? (body, null) : (null, ApiError.Body(JsonInput.NotSupported));
    }

    private static JsonResult<(string Title, string? Description)> Refused(PoolChange change, string pool, PoolUri? uri) => change.Outcome switch
    {
        PoolChangeOutcome.Missing => PoolNotFound(pool),
        PoolChangeOutcome.UriInUse => ApiError.Of(StatusCodes.Status409Conflict, ApiError.Conflict,
            $"The database of {uri!.Redacted} is already pool {change.Detail}."),
        _ => ApiError.Body($"cannot connect to {uri!.Redacted} ({change.Detail})"),
    };

    private static JsonResult<(string Title, string? Description)> InvalidName(string kind, string name) =>
        ApiError.Api($"{kind} name {PythonRepr.Of(name)} is invalid: at most 64 ASCII letters, digits, underscores and dashes.");

    private static JsonResult<(string Title, string? Description)> PoolNotFound(string name) => ApiError.Of(StatusCodes.Status404NotFound, ApiError.NotFound, $"Pool {name} does not exist");

    private static JsonResult<(string Title, string? Description)> FlavorNotFound(string name) => ApiError.Of(StatusCodes.Status404NotFound, ApiError.NotFound, $"Flavor {name} does not exist");

    /// <summary>A page of a listing: <c>{"&lt;name&gt;": [...], "links": [...]}</c> (§1.7).</summary>
    private static JsonResult<(string Name, IReadOnlyList<T> Items, bool Detailed, string? Next, Action<Utf8JsonWriter, T, bool> Write)> Page<T>(
        string name, IReadOnlyList<T> items, bool detailed, string? next, Action<Utf8JsonWriter, T, bool> write) =>
        Json.Ok((name, items, detailed, next, write), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray(s.name);
            foreach (var item in s.items) s.write(w, item, s.detailed);
            w.WriteEndArray();
            Json.Links(w, s.next);
            w.WriteEndObject();
        });

    private static void WritePool(Utf8JsonWriter w, PoolRecord pool, bool detailed)
    {
        w.WriteStartObject();
        w.WriteString("name", pool.Name);
        w.WriteString("href", "/v2/pools/" + pool.Name);
        w.WriteString("uri", pool.Uri.Redacted);
        w.WriteNumber("weight", pool.Weight);
        if (pool.Flavor is null) w.WriteNull("flavor");
        else w.WriteString("flavor", pool.Flavor);
        if (detailed)
        {
            w.WritePropertyName("options");
            w.WriteRawValue(pool.Options, skipInputValidation: true);
        }
        w.WriteEndObject();
    }

    private static void WriteFlavor(Utf8JsonWriter w, FlavorRecord flavor, bool capabilities)
    {
        w.WriteStartObject();
        w.WriteString("name", flavor.Name);
        w.WriteString("href", "/v2/flavors/" + flavor.Name);
        w.WriteStartArray("pool_list");
        foreach (var pool in flavor.Pools) w.WriteStringValue(pool);
        w.WriteEndArray();
        if (capabilities)
        {
            w.WriteStartArray("capabilities");
            foreach (var capability in PoolCatalog.Capabilities) w.WriteStringValue(capability);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
