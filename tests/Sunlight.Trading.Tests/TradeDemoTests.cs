using System.Text.Json;
using Sunlight.Core.Calendar;
using Sunlight.Trading.Demo;
using Sunlight.Trading.Flags;

namespace Sunlight.Trading.Tests;

/// <summary>The demo generator's year through the flags alone: every planted case raises its rule, nothing clean raises anything.</summary>
public sealed class TradeDemoTests
{
    /// <summary>Rules whose finding is a party (tenderer, buyer, agency) rather than a process.</summary>
    internal static readonly IReadOnlySet<string> PartyRules = new HashSet<string>(StringComparer.Ordinal) { "R025", "R038", "R048", "R053" };

    internal static HashSet<(string Flag, string Subject)> Raised(FlagRun run)
    {
        var raised = new HashSet<(string, string)>();
        foreach (var (group, prefix) in new[] { (FlagRun.Ocid, ""), (FlagRun.Tenderer, "tenderer:"), (FlagRun.Buyer, "buyer:"), (FlagRun.ProcuringEntity, "agency:") })
        {
            foreach (var (id, codes) in run.Results.GetValueOrDefault(group) ?? [])
            {
                foreach (var code in codes.Keys.Where(c => group == FlagRun.Ocid ? !PartyRules.Contains(c) : PartyRules.Contains(c)))
                {
                    raised.Add((code, prefix + id));
                }
            }
        }

        return raised;
    }

    [Theory]
    [InlineData(7, 300)]
    [InlineData(2026, 300)]
    [InlineData(11, 1000)]
    public void Every_planted_case_raises_its_rule_and_nothing_clean_raises_anything(int seed, int processes)
    {
        var set = TradeDemo.Generate(seed, end: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), processes, plant: true);
        var run = new FlagRun(FlagSettings.BuiltIn(), new WorkCalendar(HolidayTable.Shipped));
        foreach (var release in set.Releases.ToList())
        {
            using var doc = JsonDocument.Parse(release.ToJsonString());
            run.Add(doc.RootElement);
        }

        run.Finish();
        var raised = Raised(run);
        var planted = set.Planted.Select(p => (p.Flag, p.Subject)).ToHashSet();
        var missed = planted.Except(raised).ToList();
        var subjects = set.Planted.Select(p => p.Subject).ToHashSet(StringComparer.Ordinal);
        var clean = raised.Where(r => !subjects.Contains(r.Subject)).ToList();
        Assert.True(missed.Count == 0, "planted but not raised: " + string.Join(", ", missed.Take(30)));
        Assert.True(clean.Count == 0, "raised on clean subjects: " + string.Join(", ", clean.Take(30)));
        var rules = FlagSettings.Rules.Keys.ToHashSet();
        Assert.Equal(rules.Order(StringComparer.Ordinal), planted.Select(p => p.Flag).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_command_on_two_threads_writes_exactly_what_it_writes_on_one()
    {
        var set = TradeDemo.Generate(5, end: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), 400, plant: true);
        var file = System.Text.Encoding.UTF8.GetBytes(string.Concat(set.Releases.Select(r => r.ToJsonString() + "\n")) + "not json\n\n");
        string Output(int threads)
        {
            using var input = new MemoryStream(file);
            var errors = new StringWriter();
            var run = FlagFile.Run(input, FlagSettings.BuiltIn(), new WorkCalendar(HolidayTable.Shipped), errors, threads: threads);
            using var output = new MemoryStream();
            FlagFile.Write(output, run, noMeta: false);
            return errors + System.Text.Encoding.UTF8.GetString(output.ToArray());
        }

        var one = Output(1);
        Assert.Contains("is invalid JSON, skipping.", one, StringComparison.Ordinal);
        Assert.Contains("TRD-SAME-DEPOSIT", one, StringComparison.Ordinal);
        Assert.Contains("R024", one, StringComparison.Ordinal);
        Assert.Equal(one, Output(2));
    }

    [Fact]
    public void Each_clean_committee_is_one_draw_of_five_from_one_specialty_of_the_pool()
    {
        var set = TradeDemo.Generate(2026, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), 300, plant: true);
        var planted = set.Planted.Select(p => p.Subject).ToHashSet(StringComparer.Ordinal);
        var checkedCommittees = 0;
        foreach (var release in set.Releases.Where(r => !planted.Contains((string)r["ocid"]!)))
        {
            var members = release["tender"]!["evaluationCommittees"]![0]!["members"]!.AsArray();
            if (members.Any(m => string.CompareOrdinal((string)m!["id"]!, "E3707-0400") > 0))
            {
                // The planted repeat's earlier panels (the expert outside the pool sits on them; only the third is marked).
                continue;
            }

            Assert.Equal(5, members.Count);
            Assert.Single(members.Select(m => (string)m!["drawId"]!).Distinct());
            var experts = members.Select(m => int.Parse(((string)m!["id"]!)[6..], System.Globalization.CultureInfo.InvariantCulture) - 1).ToList();
            Assert.Equal(5, experts.Distinct().Count());
            Assert.Contains(TradeDemoExperts.Specialties, s => experts.All(e => TradeDemoExperts.Of(s).Contains(e)));
            checkedCommittees++;
        }

        Assert.True(checkedCommittees > 250);
    }
}
