using Sunlight.Core;
using Sunlight.Core.Directory;
using Sunlight.Core.Exchange;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Calendar;
using Sunlight.Core.Storage;
using Sunlight.Core.Supervision;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>A clock that stands where the replay puts it.</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// <summary>What a replay did.</summary>
internal sealed record ReplayResult(int Events, int Accepted, int Duplicates, IReadOnlyList<IntakeRejection> Rejected, int DueRounds, DateTimeOffset Until);

/// <summary>
/// Replays case events on a simulated clock through the same intake and rule code as live traffic (no second copy
/// of any rule): each event arrives at its <c>receivedAt</c> field (default: its <c>at</c>); events arriving at the
/// same instant form one batch; before each arrival, every due instant that has passed fires at its own instant
/// (from the cases' <c>NextCheckAt</c> index); evaluation stops at <c>until</c>. Used by <c>sunlight replay</c> (on a
/// copy of the database) and by the demo year (into the demo database).
/// </summary>
internal sealed class Replayer(Units units, IDirectory directory, AlertService alertService, IDbContextFactory<ServicesDbContext> services, CalendarService calendar)
{
    public const string SystemId = "replay";

    public async Task<ReplayResult> RunAsync(IEnumerable<string> lines, DateTimeOffset until, Action<int, int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rejected = new List<IntakeRejection>();
        var arrivals = new List<(DateTimeOffset Arrival, int Line, string Text)>();
        var number = 0;
        foreach (var text in lines)
        {
            number++;
            if (text.Length == 0)
            {
                continue;
            }

            if (Arrival(text) is { } arrival)
            {
                arrivals.Add((arrival, number, text));
            }
            else
            {
                rejected.Add(new IntakeRejection(number, null, Bilingual.Say("缺少可读的 at 或 receivedAt（带时区的 ISO 8601）", "at or receivedAt missing or unreadable")));
            }
        }

        arrivals.Sort((a, b) => a.Arrival != b.Arrival ? a.Arrival.CompareTo(b.Arrival) : a.Line.CompareTo(b.Line));
        var clock = new SimulatedClock(arrivals.Count > 0 ? arrivals[0].Arrival : until);
        int accepted = 0, duplicates = 0, rounds = 0, done = 0;
        foreach (var group in arrivals.GroupBy(a => a.Arrival))
        {
            rounds += await AdvanceAsync(clock, group.Key, ct).ConfigureAwait(false);
            clock.Now = group.Key;
            foreach (var batch in group.Chunk(CaseIntake.MaxLines))
            {
                var alerts = alertService.WithClock(clock);
                var intake = new CaseIntake(units.WithClock(clock), directory, services, calendar, alerts, new CaseRulesStep(directory, alerts), clock);
                var result = await intake.IngestAsync(SystemId, CaseIntake.AnyOrganisation, batch.Select(b => b.Text).ToList(), ct).ConfigureAwait(false);
                accepted += result.Accepted;
                duplicates += result.Duplicates;
                rejected.AddRange(result.Rejected.Select(r => r with { Line = batch[r.Line - 1].Line }));
                units.Forget();
                done += batch.Length;
                progress?.Invoke(done, arrivals.Count);
            }
        }

        rounds += await AdvanceAsync(clock, until, ct).ConfigureAwait(false);
        return new ReplayResult(number, accepted, duplicates, rejected.OrderBy(r => r.Line).ToList(), rounds, until);
    }

    /// <summary>Fires every due instant before <paramref name="to"/>, each at its own instant (one second past it).</summary>
    private async Task<int> AdvanceAsync(SimulatedClock clock, DateTimeOffset to, CancellationToken ct)
    {
        var rounds = 0;
        var limit = to.ToUniversalTime();
        while (true)
        {
            DateTimeOffset? next;
            await using (var db = await services.CreateDbContextAsync(ct).ConfigureAwait(false))
            {
                next = await db.Cases.AsNoTracking().Where(c => c.NextCheckAt != null && c.NextCheckAt < limit).MinAsync(c => c.NextCheckAt, ct).ConfigureAwait(false);
            }

            if (next is not { } due)
            {
                return rounds;
            }

            clock.Now = due.AddSeconds(1) < limit ? due.AddSeconds(1) : limit;
            var alerts = alertService.WithClock(clock);
            var supervisor = new CaseSupervisor(units.WithClock(clock), services, alerts, new CaseRulesStep(directory, alerts), calendar, clock);
            await supervisor.RunDueAsync(clock.Now, ct).ConfigureAwait(false);
            units.Forget();
            rounds++;
        }
    }

    private static DateTimeOffset? Arrival(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in new[] { "receivedAt", "at" })
            {
                if (root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                {
                    return t;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
