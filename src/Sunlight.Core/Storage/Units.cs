namespace Sunlight.Core.Storage;

/// <summary>
/// The door to a <see cref="UnitOfWork"/> for modules: they open units through this and enlist their own contexts;
/// they never hold <see cref="CoreDbContext"/>. Scoped: services of one scope share one Core context, so what they
/// stage (alerts, records) lands in the same transaction.
/// </summary>
public sealed class Units(CoreDbContext core, TimeProvider clock)
{
    public Task<UnitOfWork> BeginAsync(CancellationToken ct) => UnitOfWork.BeginAsync(core, clock, ct);

    /// <summary>The same door on another clock (a replay on simulated time).</summary>
    public Units WithClock(TimeProvider other) => new(core, other);

    /// <summary>Forgets what Core's context tracked (long replays keep memory flat).</summary>
    public void Forget() => core.ChangeTracker.Clear();
}
