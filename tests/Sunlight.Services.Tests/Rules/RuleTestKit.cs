using System.Globalization;
using System.Text.Json;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Supervision;
using Sunlight.Services.Cases;
using Sunlight.Services.Contracts;

namespace Sunlight.Services.Tests.Rules;

/// <summary>
/// What every case rule's boundary tests share: the 2025 official calendar, the default parameters, a licence and a
/// penalty item, a staff directory and a fluent case builder. Submission is Monday 2025-03-03 09:00 in Shanghai; March
/// 2025 has no holidays, Qingming is 4–6 April.
/// </summary>
internal static class RuleTestKit
{
    public static readonly WorkCalendar Calendar = new(HolidayTable.Shipped);
    public static readonly RuleParameters Defaults = RuleParameters.Defaults(CaseRules.Definitions);

    /// <summary>Committed 10, statutory 20; steps S1 Clerk 1, S2 Clerk 4, S3 DepartmentHead 2; fee F1 10–50 yuan; pauses correction 20, expert-review 30.</summary>
    public static readonly ItemDto Licence = new(
        "370781-XK-T-001", "测试许可", "licensing", "org", "《行政许可法》", 20, 10,
        [new("S1", "受理", "Clerk", 1), new("S2", "审查", "Clerk", 4), new("S3", "决定", "DepartmentHead", 2)],
        [new("F1", "工本费", 10, 50)], [new("correction", "补正", 20, "§32"), new("expert-review", "专家评审", 30, "§45")], [],
        DateTimeOffset.Parse("2025-01-01T00:00:00+08:00", CultureInfo.InvariantCulture), 1);

    public static readonly ItemDto Penalty = Licence with
    {
        Code = "370781-CF-T-001", Category = "penalty", Fees = [], Tiers = [new("minor", 0, 1000), new("ordinary", 1000.01m, 5000)],
    };

    public static readonly Dictionary<string, StaffFacts> Staff = new(StringComparer.Ordinal)
    {
        ["clerk"] = new("org", ["Clerk"]),
        ["head"] = new("org", ["DepartmentHead"]),
        ["outsider"] = new("other-org", ["Clerk", "DepartmentHead"]),
    };

    public static DateTimeOffset T(string local) => DateTimeOffset.Parse(local + "+08:00", CultureInfo.InvariantCulture);

    public sealed class Case
    {
        private readonly List<RuleEvent> _events = [];

        public Case Add(string type, string at, object? fields = null, string? actor = "clerk", string? received = null)
        {
            var body = new Dictionary<string, object?>();
            foreach (var p in fields?.GetType().GetProperties() ?? [])
            {
                body[p.Name] = p.GetValue(fields);
            }

            _events.Add(new RuleEvent($"e{_events.Count}", type, T(at), T(received ?? at), type is "submitted" or "rated" or "corrected" ? null : actor, JsonSerializer.Serialize(body)));
            return this;
        }

        public Case Submitted(string at = "2025-03-03T09:00:00", string? received = null) => Add("submitted", at, received: received);

        /// <summary>A clean life: accepted at once, the three steps on time, approved, concluded on day 7.</summary>
        public Case CleanLife() => Submitted()
            .Add("accepted", "2025-03-03T10:00:00")
            .Add("step-completed", "2025-03-04T10:00:00", new { step = "S1" })
            .Add("step-completed", "2025-03-07T10:00:00", new { step = "S2" })
            .Add("step-completed", "2025-03-10T10:00:00", new { step = "S3" }, actor: "head")
            .Add("decided", "2025-03-11T10:00:00", new { outcome = "approved" }, actor: "head")
            .Add("concluded", "2025-03-11T11:00:00");

        public CaseVerdict Evaluate(string now, ItemDto? item = null, RuleParameters? parameters = null, WorkCalendar? calendar = null) =>
            CaseRules.Evaluate(new CaseFacts("C1", "org", "/370000/370700/370781/", item ?? Licence, _events, Staff), parameters ?? Defaults, calendar ?? Calendar, T(now));
    }

    public static List<string> RulesOf(CaseVerdict v) => v.Alerts.Select(a => a.Rule).ToList();

}
