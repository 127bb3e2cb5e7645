using Microsoft.Extensions.Options;
using Sunlight.Core;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Ledger;
using Sunlight.Core.Storage;
using Sunlight.Services.Contracts;
using Sunlight.Services.Storage;

namespace Sunlight.Services.Cases;

/// <summary>
/// A year of case activity for the demo city, deterministic from a seed, fed through the replay path (same intake,
/// same rules, simulated clock). Clean cases are handled by the book; at known cases misconduct of every rule type
/// is planted. The plan is written as a <c>services.demo.year</c> record (seed, period, clean cases, planted cases
/// by rule) so anyone can check that every planted case raised its rule and no clean case raised anything.
/// Departments' systems are modelled as pushing the day's events at 18:00.
/// </summary>
internal static class DemoYear
{
    public const int Seed = 2026;

    /// <summary>Cases per working day across the demo city.</summary>
    public const int CasesPerDay = 3;

    /// <summary>Planted cases per rule, at least (plants go on round-robin to the end of the year).</summary>
    public const int PlantedPerRule = 3;

    internal sealed record Plan(IReadOnlyList<string> Lines, IReadOnlyList<string> Clean, IReadOnlyDictionary<string, IReadOnlyList<string>> Planted, DateOnly From, DateOnly To);

    /// <summary>Who handles an organisation's demo cases: a clerk and the head, from the directory.</summary>
    internal sealed record Crew(string Clerk, string Head);

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "胡", "朱", "郭"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "建国", "海燕", "志强"];

    /// <summary>Seeds the demo year unless turned off (or <paramref name="force"/>); returns the number of events replayed.</summary>
    public static async Task<int> SeedAsync(IServiceProvider services, CancellationToken ct, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Sunlight:Services:Demo, or its old name Sunlight:Demo:Year.
        var wanted = services.GetRequiredService<IOptions<ServicesOptions>>().Value.Demo ?? services.GetRequiredService<IOptions<DemoOptions>>().Value.Year ?? true;
        if (!force && !wanted)
        {
            return 0;
        }

        var factory = services.GetRequiredService<IDbContextFactory<ServicesDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false))
        {
            if (await db.Cases.AnyAsync(ct).ConfigureAwait(false) || !await db.Items.AnyAsync(ct).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var units = services.GetRequiredService<Units>();
        var calendar = services.GetRequiredService<CalendarService>().Current;
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var (items, crews) = await InputsAsync(services, ct).ConfigureAwait(false);
        var yesterday = CaseClock.Day(now).AddDays(-1);
        Plan plan;
        try
        {
            plan = Generate(Seed, yesterday, items, crews, calendar);
        }
        catch (CalendarCoverageException)
        {
            // A year without a holiday notice: no history rather than a guessed one.
            return 0;
        }

        var replayer = services.GetRequiredService<Replayer>();
        await replayer.RunAsync(plan.Lines, now, null, ct).ConfigureAwait(false);
        units.Forget();
        await using var unit = await units.BeginAsync(ct).ConfigureAwait(false);
        unit.Record(RecordDraft.Json("services.demo.year", "demo-year", new
        {
            seed = Seed, from = plan.From, to = plan.To, events = plan.Lines.Count, clean = plan.Clean, planted = plan.Planted,
        }));
        await unit.CommitAsync(ct).ConfigureAwait(false);
        return plan.Lines.Count;
    }

    /// <summary>What the year is drawn from: the catalogue's items in force and each organisation's crew from the directory.</summary>
    public static async Task<(List<ItemDto> Items, Dictionary<string, Crew> Crews)> InputsAsync(IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        var catalogue = services.GetRequiredService<Catalogue.CatalogueService>();
        var items = new List<ItemDto>();
        foreach (var summary in await catalogue.ListAsync(null, null, null, null, ct).ConfigureAwait(false))
        {
            items.Add(await catalogue.GetAsync(summary.Code, summary.Version, ct).ConfigureAwait(false));
        }

        var staff = await services.GetRequiredService<Sunlight.Core.Directory.IDirectory>().StaffAsync(null, ct).ConfigureAwait(false);
        var crews = staff.GroupBy(s => s.Value.Organisation).Select(g => (Org: g.Key,
                Clerk: g.Where(s => s.Value.Holds(SunlightRoles.Clerk)).Select(s => s.Key).Order(StringComparer.Ordinal).FirstOrDefault(),
                Head: g.Where(s => s.Value.Holds(SunlightRoles.DepartmentHead)).Select(s => s.Key).Order(StringComparer.Ordinal).FirstOrDefault()))
            .Where(c => c.Clerk is not null && c.Head is not null).ToDictionary(c => c.Org, c => new Crew(c.Clerk!, c.Head!), StringComparer.Ordinal);
        return (items, crews);
    }

    /// <summary>The year up to <paramref name="lastDay"/>: event lines (with <c>receivedAt</c>), clean cases, planted cases by rule.</summary>
    public static Plan Generate(int seed, DateOnly lastDay, IReadOnlyList<ItemDto> catalogue, IReadOnlyDictionary<string, Crew> crews, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(crews);
        ArgumentNullException.ThrowIfNull(calendar);
        var random = new Random(seed);
        // Items a clean case can run through by the book: enough time, every step at least a day, a crew to handle it.
        var items = catalogue.Where(i => i.CommittedLimit >= 5 && i.Steps.Count >= 2 && i.Steps.All(s => s.Limit >= 1) && crews.ContainsKey(i.Organisation))
            .OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        var lines = new List<string>();
        var clean = new List<string>();
        var planted = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var from = lastDay.AddDays(-364);
        var end = calendar.AddWorkdays(lastDay, -2);
        var plants = Cases.CaseRules.Definitions.Select(d => d.Code).ToList();
        var sequence = 0;
        var outsiderOrgs = crews.Keys.Order(StringComparer.Ordinal).ToList();
        // Cases keep coming up to yesterday; those of the last working days are still being handled (their events after
        // yesterday are not there yet), and none of them is planted.
        var cutoff = ChinaTime.EndOfDay(lastDay);
        var first = calendar.IsWorkday(from) ? from : calendar.AddWorkdays(from, 1);
        // Plants are spread over the whole year, round-robin over the rules (each gets at least PlantedPerRule), so
        // that every week up to the last fortnight has misconduct in it and the trend is alive on the day the demo starts.
        var slots = 0;
        for (var day = first; day <= end; day = calendar.AddWorkdays(day, 1))
        {
            slots += CasesPerDay;
        }

        var every = Math.Max(1, Math.Min(7, slots / (plants.Count * (PlantedPerRule + 1))));
        var lastDays = calendar.AddWorkdays(lastDay, -4);
        var openOrgs = new HashSet<string>(StringComparer.Ordinal);
        var lastWorkday = lastDay;
        for (var day = first; day <= lastDay; day = calendar.AddWorkdays(day, 1))
        {
            lastWorkday = day;
            for (var k = 0; k < CasesPerDay; k++)
            {
                sequence++;
                // Every few cases, one rule's misconduct, round-robin, until each rule has its planted cases.
                string? rule = null;
                if (sequence % every == 0)
                {
                    rule = plants.Where(r => Eligible(r, items).Any()).OrderBy(r => planted.GetValueOrDefault(r)?.Count ?? 0).FirstOrDefault();
                }

                var pool = rule is null ? items : Eligible(rule, items).ToList();
                var item = pool[random.Next(pool.Count)];
                if (rule is not null && calendar.AddWorkdays(day, Horizon(rule, item)) > lastDay)
                {
                    // Its life would run past yesterday: this one stays clean.
                    rule = null;
                    item = items[random.Next(items.Count)];
                }

                var crew = crews[item.Organisation];
                var region = item.Code[..6];
                var caseNo = $"{region}{day:yyyyMMdd}{9000 + k:D4}";
                var outsiderOrg = outsiderOrgs.First(o => o != item.Organisation);
                var life = Life(caseNo, item, crew, crews[outsiderOrg].Clerk, day, k, rule, random, calendar, cutoff).ToList();
                lines.AddRange(life);
                if (day > lastDays && !Closes(life))
                {
                    openOrgs.Add(item.Organisation);
                }

                if (rule is null)
                {
                    clean.Add(caseNo);
                }
                else
                {
                    (planted.TryGetValue(rule, out var list) ? list : planted[rule] = []).Add(caseNo);
                }
            }
        }

        // Every department with items has work in its inbox on the day the demo starts: one more clean case, submitted
        // on the last working day, for each that the draw left without an open one.
        var extra = CasesPerDay;
        foreach (var org in items.Select(i => i.Organisation).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Where(o => !openOrgs.Contains(o)))
        {
            var own = items.Where(i => i.Organisation == org).ToList();
            var item = own[random.Next(own.Count)];
            var caseNo = $"{item.Code[..6]}{lastWorkday:yyyyMMdd}{9000 + extra:D4}";
            lines.AddRange(Life(caseNo, item, crews[org], crews[outsiderOrgs.First(o => o != org)].Clerk, lastWorkday, extra++, null, random, calendar, cutoff));
            clean.Add(caseNo);
        }

        return new Plan(lines, clean, planted.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal), from, lastDay);
    }

    /// <summary>Whether a case's lines (up to the cut-off) end it: concluded or rejected.</summary>
    private static bool Closes(IEnumerable<string> life) => life.Any(l =>
    {
        using var doc = JsonDocument.Parse(l);
        return doc.RootElement.GetProperty("type").GetString() is "concluded" or "rejected";
    });

    /// <summary>Working days from submission to a planted case's last event.</summary>
    private static int Horizon(string rule, ItemDto item) => rule switch
    {
        Cases.CaseRules.AcceptLate => 9,
        Cases.CaseRules.DeadlineWarn => (int)Math.Ceiling(0.8 * item.CommittedLimit) + 2,
        Cases.CaseRules.Overdue => item.CommittedLimit + 3,
        Cases.CaseRules.StatutoryOverdue => item.StatutoryLimit + 3,
        Cases.CaseRules.StepOverdue => item.Steps[0].Limit + 4,
        _ => 6,
    };

    private static IEnumerable<ItemDto> Eligible(string rule, List<ItemDto> items) => rule switch
    {
        Cases.CaseRules.FeeOverStandard => items.Where(i => i.Fees.Any(f => f.Max > 0)),
        Cases.CaseRules.Discretion => items.Where(i => i.Tiers.Count > 0),
        Cases.CaseRules.PauseAbuse => items.Where(i => i.Pauses.Any(p => p.Code == "correction")),
        _ => items,
    };

    private static IEnumerable<string> Life(string caseNo, ItemDto item, Crew crew, string outsider, DateOnly day, int k, string? rule, Random random, WorkCalendar calendar,
        DateTimeOffset cutoff)
    {
        var events = new List<(Dictionary<string, object?> Body, DateTimeOffset At, DateTimeOffset? Received)>();
        DateTimeOffset At(DateOnly d, int hour, int minute) => new(d.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8));
        DateOnly Plus(DateOnly d, int n) => calendar.AddWorkdays(d, n);
        void Add(string type, DateTimeOffset at, string? actor, object? fields = null, DateTimeOffset? received = null)
        {
            var body = new Dictionary<string, object?> { ["id"] = $"{caseNo}-{events.Count + 1}", ["caseNo"] = caseNo, ["type"] = type, ["at"] = ChinaTime.Iso(at) };
            if (actor is not null)
            {
                body["actor"] = actor;
            }

            foreach (var p in fields?.GetType().GetProperties() ?? [])
            {
                body[p.Name] = p.GetValue(fields);
            }

            events.Add((body, at, received));
        }

        var start = At(day, 9, 0).AddMinutes((k * 97) % 360);
        var name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];
        Add("submitted", start, null, new
        {
            itemCode = item.Code, channel = random.Next(3) switch { 0 => "online", 1 => "window", _ => "system" },
            applicant = new { name, idType = "id-card", idNo = "11010519491231002X" },
        });

        var acceptDay = rule == Cases.CaseRules.AcceptLate ? Plus(day, 6) : day;
        var firstStepDay = Plus(acceptDay, 1);
        if (rule == Cases.CaseRules.NoReason)
        {
            Add("rejected", start.AddMinutes(30), crew.Clerk);
            return Lines(events, calendar, cutoff);
        }

        if (rule == Cases.CaseRules.PauseAbuse)
        {
            Add("correction-requested", start.AddMinutes(20), crew.Clerk, new { reason = "申请材料不齐全" });
            Add("corrected", At(day, 16, 0), null);
            Add("correction-requested", At(day, 16, 30), crew.Clerk, new { reason = "再次补充材料" });
            Add("corrected", At(day, 17, 0), null);
        }

        Add("accepted", rule == Cases.CaseRules.PauseAbuse ? At(day, 17, 10) : acceptDay == day ? start.AddMinutes(30) : At(acceptDay, 9, 30),
            rule == Cases.CaseRules.UnauthorizedHandler ? outsider : crew.Clerk, null,
            rule == Cases.CaseRules.LateReport ? At(Plus(acceptDay, 3), 18, 0) : null);

        var stepDay = rule == Cases.CaseRules.StepOverdue ? Plus(acceptDay, item.Steps[0].Limit + 1) : firstStepDay;
        var minute = 0;
        foreach (var step in item.Steps)
        {
            if (rule == Cases.CaseRules.ProcessOrder && step == item.Steps[0])
            {
                continue;
            }

            Add("step-completed", At(stepDay, 10, 0).AddMinutes(minute += 20), step.Role == SunlightRoles.DepartmentHead ? crew.Head : crew.Clerk, new { step = step.Code });
        }

        if (item.Fees.FirstOrDefault(f => f.Max > 0) is { } fee)
        {
            Add("fee-charged", At(stepDay, 9, 30), crew.Clerk, new { feeCode = fee.Code, amount = rule == Cases.CaseRules.FeeOverStandard ? fee.Max + 50 : fee.Max });
        }

        if (rule == Cases.CaseRules.FeeNotAllowed)
        {
            Add("fee-charged", At(stepDay, 9, 40), crew.Clerk, new { feeCode = "ZZ-UNLISTED", amount = 200m });
        }

        // The decision is recorded by whoever holds the deciding step's role (the head, where the head's step decides).
        var decider = Rules.UnauthorizedHandler.DecidingStep(item)?.Role == SunlightRoles.DepartmentHead ? crew.Head : crew.Clerk;
        if (item.Tiers.FirstOrDefault(t => t.Max > 0) is { } tier)
        {
            Add("decided", At(stepDay, 15, 0), decider, new { outcome = "penalty", tier = tier.Tier, amount = rule == Cases.CaseRules.Discretion ? tier.Max + 1000 : tier.Max });
        }
        else
        {
            Add("decided", At(stepDay, 15, 0), decider, new { outcome = "approved" });
        }

        var concludeDay = rule switch
        {
            Cases.CaseRules.DeadlineWarn => Plus(day, (int)Math.Ceiling(0.8 * item.CommittedLimit)),
            Cases.CaseRules.Overdue => Plus(day, item.CommittedLimit + 1),
            Cases.CaseRules.StatutoryOverdue => Plus(day, item.StatutoryLimit + 1),
            _ => stepDay,
        };
        if (concludeDay < stepDay)
        {
            concludeDay = stepDay;
        }

        Add("concluded", At(concludeDay, 16, 0), crew.Clerk);
        var after = Plus(concludeDay, 1);
        Add("delivered", At(after, 10, 0), crew.Clerk);
        if (rule == Cases.CaseRules.BadRating || random.Next(2) == 0)
        {
            Add("rated", At(after, 12, 0), null, new { score = rule == Cases.CaseRules.BadRating ? 1 : 4 + random.Next(2) });
        }

        if (rule == Cases.CaseRules.Backfill)
        {
            // The whole case handled off-system and entered after it ended.
            for (var i = 0; i < events.Count; i++)
            {
                events[i] = events[i] with { Received = At(Plus(concludeDay, 1), 17, 0) };
            }
        }

        return Lines(events, calendar, cutoff);
    }

    /// <summary>
    /// Each event with its arrival: the department system pushes the day's events at 18:00 (unless set). Events after
    /// <paramref name="cutoff"/> (the end of yesterday) have not happened yet.
    /// </summary>
    private static IEnumerable<string> Lines(List<(Dictionary<string, object?> Body, DateTimeOffset At, DateTimeOffset? Received)> events, WorkCalendar calendar, DateTimeOffset cutoff)
    {
        foreach (var (body, at, received) in events.Where(e => e.At <= cutoff))
        {
            var day = DateOnly.FromDateTime(at.DateTime);
            var push = received ?? new DateTimeOffset(day.ToDateTime(new TimeOnly(18, 0)), TimeSpan.FromHours(8));
            if (push < at)
            {
                push = new DateTimeOffset(calendar.AddWorkdays(day, 1).ToDateTime(new TimeOnly(18, 0)), TimeSpan.FromHours(8));
            }

            body["receivedAt"] = ChinaTime.Iso(push);
            yield return JsonSerializer.Serialize(body);
        }
    }

}
