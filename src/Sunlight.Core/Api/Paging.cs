namespace Sunlight.Core.Api;

/// <summary>
/// The one rule for a paged list (issue 11.5: lists never lie): page from 1, 1–<see cref="MaxPageSize"/> rows a page,
/// and the answer carries the true total. A page outside the rule is the caller's mistake, said so.
/// </summary>
public static class Paging
{
    public const int MaxPageSize = 500;

    /// <summary>Throws a refusal a person can act on when <paramref name="page"/> or <paramref name="pageSize"/> is out of range.</summary>
    public static void Check(int page, int pageSize)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            throw new InputException(Refusal.Invalid, Bilingual.Say($"page 须 ≥ 1，pageSize 须为 1–{MaxPageSize}", $"page must be ≥ 1 and pageSize 1–{MaxPageSize}"),
                [new("page", $"page ≥ 1, pageSize 1–{MaxPageSize}")]);
        }
    }
}
