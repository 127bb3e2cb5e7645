using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sunlight.Core.Ledger;

/// <summary>
/// Every <see cref="LedgerOptions.CheckpointInterval"/>: integrate new records, sign a checkpoint when the tree grew,
/// and send the latest checkpoint to the parent witness until it is cosigned.
/// </summary>
public sealed class LedgerBackgroundService(
    LedgerIntegrator integrator, WitnessClient witness, LedgerOptions options, TimeProvider clock, ILogger<LedgerBackgroundService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval, clock);
        do
        {
            try
            {
                var checkpoint = await integrator.CheckpointAsync(stoppingToken).ConfigureAwait(false);
                if (witness.Enabled)
                {
                    await witness.SubmitAsync(checkpoint, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is InvalidDataException or HttpRequestException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                log.LogError(e, "Ledger integration or witnessing failed; retrying in {Interval}", options.CheckpointInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
