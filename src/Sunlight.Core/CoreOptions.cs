using System.ComponentModel.DataAnnotations;

namespace Sunlight.Core;

/// <summary>Uploaded files (<c>Sunlight:Files</c>).</summary>
public sealed class FilesOptions
{
    /// <summary>Folder for uploaded files (applicants' attachments, notice replies), outside the database, each named by its SHA-256. Formerly <c>Sunlight:Services:AttachmentRoot</c> (still read).</summary>
    public string? Root { get; set; }
}

/// <summary>The demo city (<c>Sunlight:Demo</c>).</summary>
public sealed class DemoOptions
{
    /// <summary>Seed the demo city (潍坊市) and each module's demo data into an empty database at start. Turn it off in production.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The alias of <c>Sunlight:Services:Demo</c> (the services module's year of cases), kept from before the module kit.</summary>
    public bool? Year { get; set; }
}

/// <summary>Accounts and sign-in (<c>Sunlight:Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>Supervisors and administrators must set up TOTP before they can work.</summary>
    public bool RequireTwoFactor { get; set; }

    /// <summary>Minutes an account stays locked after 5 failed sign-ins.</summary>
    [Range(1, 24 * 60, ErrorMessage = "Sunlight:Security:LockoutMinutes 须在 1–1440 之间 (must be 1–1440 minutes)")]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>The node's pseudonym key (base64 of 32 bytes); when not set, <c>pseudonym.key</c> beside the ledger key (created on first start).</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>
    /// Show ASP.NET's developer exception page (stack traces, request headers) instead of Sunlight's error page and
    /// problem; honoured only in the Development environment. Never on a node others can reach.
    /// </summary>
    public bool DeveloperExceptionPage { get; set; }
}
