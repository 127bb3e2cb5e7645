namespace Sunlight.Core.Accounts;

/// <summary>The seven roles. A role says what a person may do; the jurisdiction says where.</summary>
public static class SunlightRoles
{
    /// <summary>申请人 — a citizen or enterprise.</summary>
    public const string Applicant = nameof(Applicant);

    /// <summary>经办人 — department staff handling cases.</summary>
    public const string Clerk = nameof(Clerk);

    /// <summary>部门负责人 — approves extensions, answers notices.</summary>
    public const string DepartmentHead = nameof(DepartmentHead);

    /// <summary>交易中心操作员.</summary>
    public const string TradingOperator = nameof(TradingOperator);

    /// <summary>监察人员 — 纪检监察 / electronic supervision centre.</summary>
    public const string Supervisor = nameof(Supervisor);

    /// <summary>巡查/审计 — read-only across a jurisdiction.</summary>
    public const string Inspector = nameof(Inspector);

    /// <summary>系统管理员.</summary>
    public const string Admin = nameof(Admin);

    public static IReadOnlyList<string> All { get; } =
        [Applicant, Clerk, DepartmentHead, TradingOperator, Supervisor, Inspector, Admin];

    /// <summary>Roles bound to one organisation: they see only that organisation's data.</summary>
    public static IReadOnlySet<string> DepartmentRoles { get; } =
        new HashSet<string>(StringComparer.Ordinal) { Clerk, DepartmentHead, TradingOperator };

    /// <summary>A role in words, in both languages (the pages' Role_* resources say the same).</summary>
    public static BilingualText Name(string role) => role switch
    {
        Applicant => new("申请人", "Applicant"),
        Clerk => new("经办人", "Clerk"),
        DepartmentHead => new("部门负责人", "Department head"),
        TradingOperator => new("交易中心操作员", "Trading operator"),
        Supervisor => new("监察人员", "Supervisor"),
        Inspector => new("巡查人员", "Inspector"),
        Admin => new("系统管理员", "Administrator"),
        _ => BilingualText.Same(role),
    };

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
