using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Calendar;

/// <summary>
/// A module whose stored deadlines depend on the calendar: told after a year's notice is loaded (an administrator
/// added it, or a new release shipped it), so it recomputes them from the official days.
/// </summary>
public interface ICalendarFollower
{
    Task YearLoadedAsync(int year, CancellationToken ct);
}

/// <summary>
/// The node's working calendar. The shipped table (2018–2026) is loaded into the database at start; years an
/// administrator adds later live there too. Readers get an immutable <see cref="WorkCalendar"/> snapshot, rebuilt
/// whenever a year is added, in which years without a notice are reckoned provisionally (暂定) from the statutory
/// holidays. Loading a year is a ledger record (<c>calendar.year.loaded</c>) and tells every <see cref="ICalendarFollower"/>.
/// </summary>
public sealed class CalendarService(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>From this day of the year on, administrators are warned that next year's notice is missing.</summary>
    public static readonly (int Month, int Day) WarnFrom = (11, 1);

    private volatile WorkCalendar? _current;

    /// <summary>The calendar as of the last load. Call <see cref="LoadAsync"/> once at start.</summary>
    public WorkCalendar Current => _current ?? throw new InvalidOperationException("The calendar has not been loaded yet.");

    public HolidayTable Table { get; private set; } = HolidayTable.Empty;

    /// <summary>Copies shipped years missing from the database into it, then loads the snapshot.</summary>
    public async Task SeedAndLoadAsync(CancellationToken ct)
    {
        List<int> added;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            var have = await db.CalendarYears.Select(y => y.Year).ToListAsync(ct).ConfigureAwait(false);
            var shipped = HolidayTable.Shipped;
            added = shipped.Years.Where(y => !have.Contains(y)).Order().ToList();
            if (added.Count > 0)
            {
                await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
                foreach (var year in added)
                {
                    var days = shipped.Days.Where(d => d.NoticeYear == year).ToList();
                    Store(db, unit, year, days, ShippedSource, "system");
                }

                await unit.CommitAsync(ct).ConfigureAwait(false);
            }
        }

        await LoadAsync(ct).ConfigureAwait(false);
        // On an empty database every shipped year is new and there is nothing to recompute yet.
        if (added.Count < HolidayTable.Shipped.Years.Count)
        {
            foreach (var year in added)
            {
                await TellFollowersAsync(year, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Where the shipped years come from.</summary>
    public const string ShippedSource = "holidays-cn.tsv (State Council notices via NateScarlet/holiday-cn)";

    /// <summary>
    /// The years whose notice is missing and matters on <paramref name="today"/>: this year, and from
    /// <see cref="WarnFrom"/> on next year too (the State Council usually publishes it in November).
    /// </summary>
    public IReadOnlyList<int> MissingNotices(DateOnly today)
    {
        var years = Table.Years;
        var missing = new List<int>();
        if (!years.Contains(today.Year))
        {
            missing.Add(today.Year);
        }

        if ((today.Month, today.Day).CompareTo(WarnFrom) >= 0 && !years.Contains(today.Year + 1))
        {
            missing.Add(today.Year + 1);
        }

        return missing;
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var years = await db.CalendarYears.AsNoTracking().Select(y => y.Year).ToListAsync(ct).ConfigureAwait(false);
        var days = await db.CalendarDays.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        var table = HolidayTable.Empty;
        foreach (var year in years.Order())
        {
            table = table.WithYear(year, days.Where(d => d.NoticeYear == year)
                .Select(d => new CalendarDay(d.Date, d.IsOffDay, d.Name, d.NoticeYear)));
        }

        Table = table;
        _current = new WorkCalendar(table, provisionalYears: true);
    }

    /// <summary>The stored years with where they came from.</summary>
    public async Task<IReadOnlyList<CalendarYearEntry>> ListYearsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        return await db.CalendarYears.AsNoTracking().OrderBy(y => y.Year).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds (or replaces) one notice year, typed by an administrator in holiday-cn JSON or the project's TSV form.
    /// Throws <see cref="FormatException"/> naming the line when the text is wrong; nothing is stored then.
    /// </summary>
    public async Task<int> AddYearAsync(int year, string text, string source, string userName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (year is < 2000 or > 2100)
        {
            throw new FormatException(Bilingual.Say($"年份 {year} 超出范围 2000–2100", $"year must be between 2000 and 2100."));
        }

        var trimmed = text.TrimStart();
        var days = trimmed.StartsWith('{') ? HolidayTable.ParseHolidayCnJson(trimmed) : HolidayTable.ParseLines(text, year);
        var wrong = days.FirstOrDefault(d => d.NoticeYear != year);
        if (wrong is not null)
        {
            throw new FormatException(Bilingual.Say($"{wrong.Date:yyyy-MM-dd} 属于 {wrong.NoticeYear} 年的通知，而不是 {year} 年", $"that day belongs to the {wrong.NoticeYear} notice, not {year}."));
        }

        if (days.Count == 0)
        {
            throw new FormatException(Bilingual.Say($"没有读到任何日期", $"no days found for {year}."));
        }

        // Checks the whole table still parses (duplicates across years, etc.) before storing.
        _ = Table.WithYear(year, days);

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            await using var unit = await UnitOfWork.BeginAsync(db, clock, ct).ConfigureAwait(false);
            await db.CalendarDays.Where(d => d.NoticeYear == year).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.CalendarYears.Where(y => y.Year == year).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            Store(db, unit, year, days, source, userName);
            await unit.CommitAsync(ct).ConfigureAwait(false);
        }

        await LoadAsync(ct).ConfigureAwait(false);
        await TellFollowersAsync(year, ct).ConfigureAwait(false);
        return days.Count;
    }

    private void Store(CoreDbContext db, UnitOfWork unit, int year, IReadOnlyList<CalendarDay> days, string source, string userName)
    {
        db.CalendarYears.Add(new CalendarYearEntry { Year = year, Source = source, LoadedAt = clock.GetUtcNow(), LoadedBy = userName });
        db.CalendarDays.AddRange(days.Select(ToEntry));
        unit.Record(Ledger.RecordDraft.Json("calendar.year.loaded", year.ToString(System.Globalization.CultureInfo.InvariantCulture), new
        {
            year,
            source,
            by = userName,
            off = days.Where(d => d.IsOffDay).Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            work = days.Where(d => !d.IsOffDay).Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        }));
    }

    private async Task TellFollowersAsync(int year, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var follower in scope.ServiceProvider.GetServices<ICalendarFollower>())
        {
            await follower.YearLoadedAsync(year, ct).ConfigureAwait(false);
        }
    }

    private static CalendarDayEntry ToEntry(CalendarDay d) =>
        new() { Date = d.Date, IsOffDay = d.IsOffDay, Name = d.Name, NoticeYear = d.NoticeYear };
}
