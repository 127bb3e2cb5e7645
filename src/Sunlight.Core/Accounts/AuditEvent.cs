namespace Sunlight.Core.Accounts;

/// <summary>A security event: sign-in, failed sign-in, lockout, token issued or revoked, import.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Stable kind, e.g. <c>sign-in</c>, <c>sign-in-failed</c>, <c>token-created</c>.</summary>
    public string Kind { get; set; } = "";

    public string? UserName { get; set; }

    public string? RegionPath { get; set; }

    public string? RemoteAddress { get; set; }

    public string? Detail { get; set; }
}
