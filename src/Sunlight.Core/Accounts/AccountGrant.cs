namespace Sunlight.Core.Accounts;

/// <summary>
/// A module-scoped grant an account holds (CROSS-MODULE: grants beyond the seven roles): the module's grant (full name
/// <c>services.catalogue-editor</c>) for one scope, an organisation or a region. An Admin sets it; giving and revoking
/// are ledger records (<c>account.grant.added</c>, <c>account.grant.revoked</c>).
/// </summary>
public sealed class AccountGrant
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>Full name: <c>&lt;module&gt;.&lt;key&gt;</c>.</summary>
    public string Grant { get; set; } = "";

    /// <summary>An organisation or region code, as the grant's <see cref="Modules.GrantScope"/> says.</summary>
    public string Scope { get; set; } = "";

    /// <summary>Region path of the scope (the organisation's region, or the region itself).</summary>
    public string ScopeRegionPath { get; set; } = "";

    public string GrantedBy { get; set; } = "";

    public DateTimeOffset GrantedAt { get; set; }
}

/// <summary>
/// A request to make an account a Supervisor. Making someone a Supervisor is recorded and needs a second Admin or
/// Supervisor, not the requester and not the person, to approve (CROSS-MODULE); until then the account holds no role.
/// </summary>
public sealed class RoleRequest
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    public string UserName { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary>Region path of the account: who may approve is decided by it.</summary>
    public string RegionPath { get; set; } = "";

    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>Null while pending; true approved; false refused.</summary>
    public bool? Approved { get; set; }

    public string? Reason { get; set; }
}
