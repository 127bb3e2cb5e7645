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

    /// <summary>
    /// Maintaining the power catalogue (权责清单): administrators for their region, and department staff holding the
    /// <see cref="CatalogueEditor"/> grant for the organisations it names (each department keeps its own list).
    /// </summary>
    public const string CataloguePublish = "catalogue.publish";

    /// <summary>The grant's key in the manifest.</summary>
    public const string CatalogueEditorKey = "catalogue-editor";

    /// <summary>The grant's full name: staff of a department who keep its catalogue, scoped to one organisation.</summary>
    public const string CatalogueEditor = "services." + CatalogueEditorKey;

    public static IReadOnlyList<ModulePolicy> All { get; } =
    [
        new(Apply, [SunlightRoles.Applicant]),
        new(Casework, [SunlightRoles.Clerk, SunlightRoles.DepartmentHead]),
        new(CataloguePublish, [SunlightRoles.Admin], CatalogueEditor),
    ];

    /// <summary>The grants the module offers.</summary>
    public static IReadOnlyList<ModuleGrant> Grants { get; } = [new(CatalogueEditorKey, "Grant_CatalogueEditor", GrantScope.Organisation)];

    /// <summary>Whether <paramref name="who"/> may publish items of <paramref name="organisation"/> (its jurisdiction is checked apart).</summary>
    public static bool MayEditCatalogue(Jurisdiction who, string organisation) =>
        who.IsInRole(SunlightRoles.Admin) || who.HasGrant(CatalogueEditor, organisation);
}
