using Mediator;
using Sluice.Infra.Notifications;

namespace Sluice.Functions.Jobs;

/// <summary>Follows the log into the notifications outbox and delivers what is due (see <see cref="Notifier"/>).</summary>
public sealed record DeliverNotificationsCommand : ICommand<NotifyRun>;

public sealed class DeliverNotificationsHandler(Notifier notifier) : ICommandHandler<DeliverNotificationsCommand, NotifyRun>
{
    public async ValueTask<NotifyRun> Handle(DeliverNotificationsCommand command, CancellationToken cancellationToken) =>
        await notifier.Run(cancellationToken);
}
