namespace Sunlight.Core.Calendar;

/// <summary>
/// One day listed in an official holiday notice (国务院办公厅节假日安排通知): a rest day
/// (<see cref="IsOffDay"/> true) or an adjusted working day (调休上班, <see cref="IsOffDay"/> false).
/// </summary>
/// <param name="Date">The calendar date.</param>
/// <param name="IsOffDay">True for a rest day, false for an adjusted working day.</param>
/// <param name="Name">The festival the notice lists the day under, e.g. 春节 or 国庆节、中秋节.</param>
/// <param name="NoticeYear">
/// The year of the notice that lists the day. Late-December days of year Y can belong to the notice
/// of Y+1 (the 2019 notice lists 2018-12-29 to 2018-12-31).
/// </param>
public sealed record CalendarDay(DateOnly Date, bool IsOffDay, string Name, int NoticeYear);
