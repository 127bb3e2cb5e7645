namespace Sunlight.Core.Contracts.Integrity;

/// <summary>
/// The bribery blacklist (行贿人档案; integrity.md "Bribery blacklist"): whether a company (unified social credit code)
/// or a person (GB 11643 ID number) is listed on a day, and with which measures. Implemented by Integrity; absent when
/// it is not installed — a consumer then simply has no answer, never a guess.
/// </summary>
public interface IBlacklist
{
    /// <summary>The entry in force for <paramref name="creditCodeOrIdNo"/> on <paramref name="at"/> (Asia/Shanghai day), or <see cref="BlacklistAnswer.NotListed"/>.</summary>
    Task<BlacklistAnswer> CheckAsync(string creditCodeOrIdNo, DateOnly at, CancellationToken ct);
}

/// <summary>
/// An answer of <see cref="IBlacklist"/>: <c>measures</c> ⊆ <c>bar-tender</c> (依法必须招标项目, 招标投标法 §53),
/// <c>bar-procurement</c> (政府采购, 政府采购法 §77), <c>credit</c>, <c>qualification</c>; the bar's days.
/// </summary>
public sealed record BlacklistAnswer(bool Listed, string? EntryNo, IReadOnlyList<string> Measures, DateOnly? From, DateOnly? To)
{
    public static BlacklistAnswer NotListed { get; } = new(false, null, [], null, null);
}

/// <summary>
/// Officials' kin (integrity.md "officials"): <c>KinOf(idNo, at)</c> → the kin of a person as known on a day, from
/// the kin lists, declarations and the funds relatives registry. Implemented by Integrity; absent when it is not
/// installed.
/// </summary>
public interface IKinFacts
{
    Task<IReadOnlyList<KinFact>> KinOfAsync(string idNo, DateOnly at, CancellationToken ct);
}

/// <summary>One kin: ID number when known, name, birth date, the relation code (funds.md), where it comes from and how sure it is (0–1).</summary>
public sealed record KinFact(string? IdNo, string Name, DateOnly? BirthDate, string Relation, string Source, double Confidence);
