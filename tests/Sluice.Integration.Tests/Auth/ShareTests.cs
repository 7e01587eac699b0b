using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Auth;

/// <summary><c>POST /v2/queues/{q}/share</c> (contract §4.8, §7.5): the test vector, the defaults, and Zaqar's refusals.</summary>
public sealed class ShareTests(SignedUrlApp app) : IClassFixture<SignedUrlApp>
{
    private const string VectorBody = """{"paths":["messages","claims"],"methods":["GET","POST"],"expires":"2030-01-01T00:00:00"}""";
    private const string VectorSignature = "79c07f4aa6d26337c864c12be9528b5120bcd0bf9ac6367ad0f1076864410b41";

    [Fact]
    public async Task Given_the_contract_test_vector_When_shared_Then_the_answer_is_the_reference_servers_byte_for_byte()
    {
        using var api = app.Api("p");

        var reply = await api.Post("/v2/queues/mq/share", VectorBody);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Assert.Equal("""{"paths":["/v2/queues/mq/claims","/v2/queues/mq/messages"],"methods":["GET","POST"],"project":"p","expires":"2030-01-01T00:00:00","signature":"""
            + "\"" + VectorSignature + "\"}", reply.Body);
        Assert.Equal(VectorSignature, SignedUrlWire.Sign(SignedUrlWire.Secret, ["/v2/queues/mq/messages", "/v2/queues/mq/claims"], ["POST", "GET"], "p", "2030-01-01T00:00:00"));
    }

    [Theory]
    [InlineData("2030-01-01T00:00:00Z")]
    [InlineData("2030-01-01T02:00:00+02:00")]
    [InlineData("2029-12-31T19:00:00-0500")]
    [InlineData("2030-01-01T00:00:00.999999")]
    [InlineData("2030-01-01 00:00")]
    [InlineData("2030-01-01")]
    [InlineData("2030-1-1T00")]
    public async Task Given_an_expiry_in_another_ISO_8601_form_When_shared_Then_it_is_normalized_to_UTC_seconds_and_signed_so(string expires)
    {
        using var api = app.Api("p");

        var grant = await api.Share("mq", $$"""{"paths":["claims","messages"],"methods":["POST","GET"],"expires":"{{expires}}"}""");

        Assert.Equal("2030-01-01T00:00:00", grant["expires"]!.GetValue<string>());
        Assert.Equal(VectorSignature, grant["signature"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_an_empty_object_When_shared_Then_messages_GET_for_a_day_and_no_queue_is_created()
    {
        using var api = app.Api();

        var grant = await api.Share("defaults", "{}");

        Assert.Equal(["/v2/queues/defaults/messages"], grant["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["GET"], grant["methods"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(api.Project, grant["project"]!.GetValue<string>());
        var expected = app.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        Assert.Equal(expected.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), grant["expires"]!.GetValue<string>());
        Assert.Equal(SignedUrlWire.Sign(SignedUrlWire.Secret, ["/v2/queues/defaults/messages"], ["GET"], api.Project, grant["expires"]!.GetValue<string>()),
            grant["signature"]!.GetValue<string>());
        Assert.Empty(await api.QueueNames());
    }

    [Theory]
    [InlineData("""{"paths":[],"methods":[],"expires":null}""")]
    [InlineData("""{"paths":null,"methods":null}""")]
    [InlineData("""{"paths":"","methods":""}""")]
    public async Task Given_falsy_paths_and_methods_When_shared_Then_the_defaults_as_in_Zaqar(string body)
    {
        using var api = app.Api();

        var grant = await api.Share("falsy", body);

        Assert.Equal("""["/v2/queues/falsy/messages"]""", grant["paths"]!.ToJsonString());
        Assert.Equal("""["GET"]""", grant["methods"]!.ToJsonString());
    }

    public static TheoryData<string?, string, string> Refusals => new()
    {
        { null, "Invalid request body", "Request body can not be empty" },
        { "", "Invalid request body", "Request body can not be empty" },
        { "nope", "Invalid request body", "Request body could not be parsed." },
        { "[]", "Invalid request body", "Document type not supported." },
        { """{"paths":["messages"],"ttl":60}""", "Invalid API request", "Unknown keys: {'ttl'}" },
        { """{"b":1,"a":2,"methods":["GET"]}""", "Invalid API request", "Unknown keys: {'a', 'b'}" },
        { """{"paths":["messages","queues"]}""", "Invalid API request", "Invalid paths: {'queues'}" },
        { """{"paths":["Messages","/v2/queues/x/messages",1]}""", "Invalid API request", "Invalid paths: {'/v2/queues/x/messages', 'Messages', 1}" },
        { """{"paths":"claims"}""", "Invalid API request", "Invalid paths: {'a', 'c', 'i', 'l', 'm', 's'}" },
        { """{"methods":"GET"}""", "Invalid API request", "`methods` should be a list" },
        { """{"methods":{"GET":1}}""", "Invalid API request", "`methods` should be a list" },
        { """{"methods":["GET",1]}""", "Invalid API request", "`methods` should be a list of strings" },
        { """{"expires":1893456000}""", "Invalid API request", "`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 1893456000" },
        { """{"expires":"1893456000"}""", "Invalid API request", "`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 1893456000" },
        { """{"expires":" 2_030 "}""", "Invalid API request", "`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 2030" },
        { """{"expires":true}""", "Invalid API request", "`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: 1" },
        { """{"expires":"tomorrow"}""", "Invalid API request", "Unable to parse date string 'tomorrow'" },
        { """{"expires":""}""", "Invalid API request", "Unable to parse date string ''" },
        { """{"expires":"2030-13-01T00:00:00"}""", "Invalid API request", "Unable to parse date string '2030-13-01T00:00:00'" },
        { """{"expires":"2030-01-01T00:00:00+24:00"}""", "Invalid API request", "Unable to parse date string '2030-01-01T00:00:00+24:00'" },
        { """{"expires":"2001-01-01T00:00:00"}""", "Invalid API request", "`expires` is lower than the current time" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Given_a_body_Zaqar_refuses_When_shared_Then_400_with_its_text(string? body, string title, string description)
    {
        using var api = app.Api();

        var reply = await api.Send(HttpMethod.Post, "/v2/queues/refused/share", body);

        reply.AssertError(HttpStatusCode.BadRequest, title, description);
    }

    [Fact]
    public async Task Given_an_expiry_of_now_When_shared_Then_400_lower_than_the_current_time()
    {
        using var api = app.Api();
        var now = app.Clock.GetUtcNow().UtcDateTime;

        var reply = await api.Post("/v2/queues/now/share", $$"""{"expires":"{{now:yyyy-MM-ddTHH:mm:ss.fffffff}}"}""");

        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request", "`expires` is lower than the current time");
    }

    [Fact]
    public async Task Given_an_invalid_queue_name_When_shared_Then_400_invalid_queue_identification()
    {
        using var api = app.Api();

        var reply = await api.Post("/v2/queues/bad!name/share", "{}");

        reply.AssertError(HttpStatusCode.BadRequest, "Invalid queue identification");
    }
}
