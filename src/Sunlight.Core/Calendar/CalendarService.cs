using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sunlight.Core.Storage;

namespace Sunlight.Core.Calendar;

/// <summary>
/// The node's working calendar. The shipped table (2018–2026) is loaded into the database at start; years an
/// administrator adds later live there too. Readers get an immutable <see cref="WorkCalendar"/> snapshot, rebuilt
/// whenever a year is added.
/// </summary>
public sealed class CalendarService(IServiceScopeFactory scopes, TimeProvider clock)
{
    private volatile WorkCalendar? _current;

    /// <summary>The calendar as of the last load. Call <see cref="LoadAsync"/> once at start.</summary>
    public WorkCalendar Current => _current ?? throw new InvalidOperationException("The calendar has not been loaded yet.");

    public HolidayTable Table { get; private set; } = HolidayTable.Empty;

    /// <summary>Copies shipped years missing from the database into it, then loads the snapshot.</summary>
    public async Task SeedAndLoadAsync(CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            var have = await db.CalendarYears.Select(y => y.Year).ToListAsync(ct).ConfigureAwait(false);
            var shipped = HolidayTable.Shipped;
            foreach (var year in shipped.Years.Where(y => !have.Contains(y)).Order())
            {
                db.CalendarYears.Add(new CalendarYearEntry
                {
                    Year = year,
                    Source = "holidays-cn.tsv (State Council notices via NateScarlet/holiday-cn)",
                    LoadedAt = clock.GetUtcNow(),
                    LoadedBy = "system",
                });
                db.CalendarDays.AddRange(shipped.Days.Where(d => d.NoticeYear == year).Select(ToEntry));
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }

        await LoadAsync(ct).ConfigureAwait(false);
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
        _current = new WorkCalendar(table);
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
            throw new FormatException($"年份 {year} 超出范围 2000–2100 (year must be between 2000 and 2100).");
        }

        var trimmed = text.TrimStart();
        var days = trimmed.StartsWith('{') ? HolidayTable.ParseHolidayCnJson(trimmed) : HolidayTable.ParseLines(text, year);
        var wrong = days.FirstOrDefault(d => d.NoticeYear != year);
        if (wrong is not null)
        {
            throw new FormatException($"{wrong.Date:yyyy-MM-dd} 属于 {wrong.NoticeYear} 年的通知，而不是 {year} 年 (that day belongs to the {wrong.NoticeYear} notice, not {year}).");
        }

        if (days.Count == 0)
        {
            throw new FormatException($"没有读到任何日期 (no days found for {year}).");
        }

        // Checks the whole table still parses (duplicates across years, etc.) before storing.
        _ = Table.WithYear(year, days);

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await db.CalendarDays.Where(d => d.NoticeYear == year).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            await db.CalendarYears.Where(y => y.Year == year).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            db.CalendarYears.Add(new CalendarYearEntry { Year = year, Source = source, LoadedAt = clock.GetUtcNow(), LoadedBy = userName });
            db.CalendarDays.AddRange(days.Select(ToEntry));
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }

        await LoadAsync(ct).ConfigureAwait(false);
        return days.Count;
    }

    private static CalendarDayEntry ToEntry(CalendarDay d) =>
        new() { Date = d.Date, IsOffDay = d.IsOffDay, Name = d.Name, NoticeYear = d.NoticeYear };
}
