using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Expiry;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Expiry;

public sealed class ExpiryDeciderTests
{
    private static ExpiredSet Expired(MessageId[] messages, ClaimId[] claims) => new(new TenantId("p"), new QueueName("q"), messages, claims);

    [Fact]
    public void Given_expired_claims_and_messages_When_swept_Then_claims_expire_before_messages()
    {
        var events = ExpiryDecider.Expire(Expired([M1, M2], [C1, C2]), Now);

        Then.Events(events, new QueueEvent.ClaimsExpired([C1, C2], Now), new QueueEvent.MessagesExpired([M1, M2], Now));
    }

    [Fact]
    public void Given_only_expired_messages_When_swept_Then_only_messages_expire()
    {
        Then.Events(ExpiryDecider.Expire(Expired([M3], []), Now), new QueueEvent.MessagesExpired([M3], Now));
    }

    [Fact]
    public void Given_only_expired_claims_When_swept_Then_only_claims_expire()
    {
        Then.Events(ExpiryDecider.Expire(Expired([], [C2]), Now), new QueueEvent.ClaimsExpired([C2], Now));
    }

    [Fact]
    public void Given_nothing_expired_When_swept_Then_nothing_happens()
    {
        Assert.Empty(ExpiryDecider.Expire(Expired([], []), Now));
    }
}
