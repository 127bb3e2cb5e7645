using Sunlight.Core.Accounts;
using Sunlight.Core.Modules;

namespace Sunlight.Services;

/// <summary>The services module's policies (its manifest adds them; its routes and pages use them).</summary>
internal static class ServicesPolicies
{
    /// <summary>Applying online and following one's own cases (the hall).</summary>
    public const string Apply = "hall.apply";

    /// <summary>Handling cases of one's own organisation (the department workbench).</summary>
    public const string Casework = "cases.work";

    public static IReadOnlyList<ModulePolicy> All { get; } =
    [
        new(Apply, [SunlightRoles.Applicant]),
        new(Casework, [SunlightRoles.Clerk, SunlightRoles.DepartmentHead]),
    ];
}
