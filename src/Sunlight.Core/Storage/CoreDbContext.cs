using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Sunlight.Core.Accounts;
using Sunlight.Core.Calendar;
using Sunlight.Core.Directory;
using Sunlight.Core.Ledger;

namespace Sunlight.Core.Storage;

/// <summary>
/// Core's tables: directory, accounts, calendar, audit. Schema <c>core</c> on PostgreSQL, prefix <c>core_</c> on SQLite.
/// One subclass per provider carries that provider's migrations (<see cref="CoreSqliteDbContext"/>, <see cref="CorePostgresDbContext"/>).
/// </summary>
public abstract class CoreDbContext : IdentityDbContext<SunlightUser, IdentityRole, string>
{
    public const string Schema = "core";

    protected CoreDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Region> Regions => Set<Region>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<StaffMember> Staff => Set<StaffMember>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<AccountGrant> AccountGrants => Set<AccountGrant>();

    public DbSet<RoleRequest> RoleRequests => Set<RoleRequest>();

    public DbSet<CalendarYearEntry> CalendarYears => Set<CalendarYearEntry>();

    public DbSet<CalendarDayEntry> CalendarDays => Set<CalendarDayEntry>();

    public DbSet<LedgerRecord> LedgerRecords => Set<LedgerRecord>();

    public DbSet<LedgerCounter> LedgerCounters => Set<LedgerCounter>();

    public DbSet<LedgerTreeState> LedgerTree => Set<LedgerTreeState>();

    public DbSet<LedgerTile> LedgerTiles => Set<LedgerTile>();

    public DbSet<LedgerCheckpoint> LedgerCheckpoints => Set<LedgerCheckpoint>();

    public DbSet<LedgerCosignature> LedgerCosignatures => Set<LedgerCosignature>();

    public DbSet<WitnessedLog> WitnessedLogs => Set<WitnessedLog>();

    public DbSet<WitnessIncident> WitnessIncidents => Set<WitnessIncident>();

    public DbSet<Supervision.Alert> Alerts => Set<Supervision.Alert>();

    public DbSet<Supervision.RuleSetting> RuleSettings => Set<Supervision.RuleSetting>();

    public DbSet<Supervision.Notice> Notices => Set<Supervision.Notice>();

    public DbSet<Supervision.NoticeFile> NoticeFiles => Set<Supervision.NoticeFile>();

    public DbSet<Exchange.ExchangeSystem> ExchangeSystems => Set<Exchange.ExchangeSystem>();

    protected abstract bool UsesSchemas { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);

        builder.Entity<SunlightUser>(b =>
        {
            b.ToTable("users");
            b.Property(u => u.DisplayName).HasMaxLength(100);
            b.Property(u => u.RegionCode).HasMaxLength(12);
            b.Property(u => u.OrganisationCode).HasMaxLength(64);
            b.Property(u => u.StaffCode).HasMaxLength(64);
        });
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");

        builder.Entity<Region>(b =>
        {
            b.ToTable("regions");
            b.HasKey(r => r.Code);
            b.Property(r => r.Code).HasMaxLength(12);
            b.Property(r => r.Name).HasMaxLength(100).IsRequired();
            b.Property(r => r.Level).HasConversion<string>().HasMaxLength(16);
            b.Property(r => r.ParentCode).HasMaxLength(12);
            b.Property(r => r.Path).HasMaxLength(200).IsRequired();
            b.HasIndex(r => r.Path);
            b.HasIndex(r => r.ParentCode);
        });

        builder.Entity<Organisation>(b =>
        {
            b.ToTable("organisations");
            b.HasKey(o => o.Id);
            b.Property(o => o.Code).HasMaxLength(64).IsRequired();
            b.HasIndex(o => o.Code).IsUnique();
            b.Property(o => o.Name).HasMaxLength(200).IsRequired();
            b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
            b.Property(o => o.RegionCode).HasMaxLength(12).IsRequired();
            b.Property(o => o.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(o => o.ParentCode).HasMaxLength(64);
            b.HasIndex(o => o.RegionPath);
        });

        builder.Entity<StaffMember>(b =>
        {
            b.ToTable("staff");
            b.HasKey(s => s.Id);
            b.Property(s => s.Code).HasMaxLength(64).IsRequired();
            b.HasIndex(s => s.Code).IsUnique();
            b.Property(s => s.Name).HasMaxLength(100).IsRequired();
            b.Property(s => s.Title).HasMaxLength(100);
            b.Property(s => s.OrganisationCode).HasMaxLength(64).IsRequired();
            b.Property(s => s.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(s => s.RoleList).HasMaxLength(200);
            b.Ignore(s => s.Roles);
            b.HasIndex(s => s.OrganisationCode);
        });

        builder.Entity<ApiToken>(b =>
        {
            b.ToTable("api_tokens");
            b.HasKey(t => t.Id);
            b.Property(t => t.UserId).HasMaxLength(450).IsRequired();
            b.Property(t => t.Name).HasMaxLength(100).IsRequired();
            b.Property(t => t.Prefix).HasMaxLength(16).IsRequired();
            b.Property(t => t.SecretHash).HasMaxLength(64).IsRequired();
            b.HasIndex(t => t.SecretHash).IsUnique();
            b.HasIndex(t => t.UserId);
        });

        builder.Entity<AccountGrant>(b =>
        {
            b.ToTable("account_grants");
            b.HasKey(g => g.Id);
            b.Property(g => g.UserId).HasMaxLength(450).IsRequired();
            b.Property(g => g.Grant).HasMaxLength(100).IsRequired();
            b.Property(g => g.Scope).HasMaxLength(64).IsRequired();
            b.Property(g => g.ScopeRegionPath).HasMaxLength(200).IsRequired();
            b.Property(g => g.GrantedBy).HasMaxLength(256).IsRequired();
            b.HasIndex(g => new { g.UserId, g.Grant, g.Scope }).IsUnique();
        });

        builder.Entity<RoleRequest>(b =>
        {
            b.ToTable("role_requests");
            b.HasKey(r => r.Id);
            b.Property(r => r.UserId).HasMaxLength(450).IsRequired();
            b.Property(r => r.UserName).HasMaxLength(256).IsRequired();
            b.Property(r => r.Role).HasMaxLength(64).IsRequired();
            b.Property(r => r.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(r => r.RequestedBy).HasMaxLength(256).IsRequired();
            b.Property(r => r.DecidedBy).HasMaxLength(256);
            b.Property(r => r.Reason).HasMaxLength(500);
            b.HasIndex(r => r.UserId);
        });

        builder.Entity<AuditEvent>(b =>
        {
            b.ToTable("audit_events");
            b.HasKey(a => a.Id);
            b.Property(a => a.Kind).HasMaxLength(40).IsRequired();
            b.Property(a => a.UserName).HasMaxLength(256);
            b.Property(a => a.RegionPath).HasMaxLength(200);
            b.Property(a => a.RemoteAddress).HasMaxLength(64);
            b.Property(a => a.Detail).HasMaxLength(2000);
            b.HasIndex(a => a.At);
        });

        builder.Entity<CalendarYearEntry>(b =>
        {
            b.ToTable("calendar_years");
            b.HasKey(y => y.Year);
            b.Property(y => y.Year).ValueGeneratedNever();
            b.Property(y => y.Source).HasMaxLength(2000);
            b.Property(y => y.LoadedBy).HasMaxLength(256);
        });

        builder.Entity<CalendarDayEntry>(b =>
        {
            b.ToTable("calendar_days");
            b.HasKey(d => d.Date);
            b.Property(d => d.Name).HasMaxLength(100);
            b.HasIndex(d => d.NoticeYear);
        });

        builder.Entity<LedgerRecord>(b =>
        {
            b.ToTable("ledger_records");
            b.HasKey(r => r.Sequence);
            b.Property(r => r.Sequence).ValueGeneratedNever();
            b.Property(r => r.Type).HasMaxLength(64).IsRequired();
            b.Property(r => r.Subject).HasMaxLength(200).IsRequired();
            b.Property(r => r.Body).IsRequired();
            b.Property(r => r.BodyHash).HasMaxLength(32).IsRequired();
            b.Property(r => r.RegionPath).HasMaxLength(200);
            b.HasIndex(r => new { r.Type, r.Subject });
        });
        builder.Entity<LedgerCounter>(b =>
        {
            b.ToTable("ledger_counter");
            b.HasKey(c => c.Id);
            b.Property(c => c.Id).ValueGeneratedNever();
            b.HasData(new LedgerCounter { Id = 1, Next = 0 });
        });
        builder.Entity<LedgerTreeState>(b =>
        {
            b.ToTable("ledger_tree");
            b.HasKey(t => t.Id);
            b.Property(t => t.Id).ValueGeneratedNever();
            b.Property(t => t.Root).HasMaxLength(32).IsRequired();
            b.HasData(new LedgerTreeState
            {
                Id = 1,
                Size = 0,
                // SHA-256 of the empty string: RFC 9162 MTH({}).
                Root = Convert.FromHexString("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"),
                UpdatedAt = DateTimeOffset.UnixEpoch,
            });
        });
        builder.Entity<LedgerTile>(b =>
        {
            b.ToTable("ledger_tiles");
            b.HasKey(t => new { t.Level, t.Index });
            b.Property(t => t.Hashes).HasMaxLength(8192).IsRequired();
        });
        builder.Entity<LedgerCheckpoint>(b =>
        {
            b.ToTable("ledger_checkpoints");
            b.HasKey(c => c.Size);
            b.Property(c => c.Size).ValueGeneratedNever();
            b.Property(c => c.Root).HasMaxLength(32).IsRequired();
            b.Property(c => c.Note).HasMaxLength(8000).IsRequired();
        });
        builder.Entity<LedgerCosignature>(b =>
        {
            b.ToTable("ledger_cosignatures");
            b.HasKey(c => c.Id);
            b.Property(c => c.Witness).HasMaxLength(256).IsRequired();
            b.Property(c => c.Line).HasMaxLength(1000).IsRequired();
            b.HasIndex(c => c.CheckpointSize);
        });
        builder.Entity<WitnessedLog>(b =>
        {
            b.ToTable("witnessed_logs");
            b.HasKey(w => w.Origin);
            b.Property(w => w.Origin).HasMaxLength(256);
            b.Property(w => w.Root).HasMaxLength(32).IsRequired();
            b.Property(w => w.Checkpoint).HasMaxLength(8000).IsRequired();
        });
        builder.Entity<WitnessIncident>(b =>
        {
            b.ToTable("witness_incidents");
            b.HasKey(w => w.Id);
            b.Property(w => w.Origin).HasMaxLength(256).IsRequired();
            b.Property(w => w.Kind).HasMaxLength(32).IsRequired();
            b.Property(w => w.Detail).HasMaxLength(4000).IsRequired();
        });
        builder.Entity<Supervision.Alert>(b =>
        {
            b.ToTable("alerts");
            b.HasKey(a => a.Id);
            b.Property(a => a.Rule).HasMaxLength(64).IsRequired();
            b.Property(a => a.Severity).HasMaxLength(16).IsRequired();
            b.Property(a => a.Subject).HasMaxLength(200).IsRequired();
            b.Property(a => a.Key).HasMaxLength(64).IsRequired();
            b.Property(a => a.OrganisationCode).HasMaxLength(64).IsRequired();
            b.Property(a => a.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(a => a.Summary).HasMaxLength(2000).IsRequired();
            b.Property(a => a.SummaryEn).HasMaxLength(2000);
            b.Property(a => a.Evidence).IsRequired();
            b.Property(a => a.Status).HasMaxLength(16).IsRequired();
            b.Property(a => a.StatusReason).HasMaxLength(2000);
            b.Property(a => a.StatusBy).HasMaxLength(256);
            // Once per rule, subject and key, whoever raises it and however often.
            b.HasIndex(a => new { a.Subject, a.Rule, a.Key }).IsUnique();
            b.HasIndex(a => new { a.RegionPath, a.Id });
            b.HasIndex(a => new { a.OrganisationCode, a.Status });
        });
        builder.Entity<Supervision.Notice>(b =>
        {
            b.ToTable("notices");
            b.HasKey(n => n.Id);
            b.Property(n => n.Number).HasMaxLength(64).IsRequired();
            b.HasIndex(n => n.Number).IsUnique();
            b.Property(n => n.OrganisationCode).HasMaxLength(64).IsRequired();
            b.Property(n => n.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(n => n.AlertIds).HasMaxLength(4000).IsRequired();
            b.Property(n => n.Request).HasMaxLength(2000).IsRequired();
            b.Property(n => n.IssuedBy).HasMaxLength(256).IsRequired();
            b.Property(n => n.Status).HasMaxLength(16).IsRequired();
            b.Property(n => n.Reply).HasMaxLength(4000);
            b.Property(n => n.RepliedBy).HasMaxLength(256);
            b.Property(n => n.ReturnReason).HasMaxLength(4000);
            b.Property(n => n.ClosedBy).HasMaxLength(256);
            b.Property(n => n.Origin).HasMaxLength(200).IsRequired();
            b.HasIndex(n => new { n.Status, n.ReplyDue });
            b.HasIndex(n => n.RegionPath);
            // A rule drafts at most one notice per alert.
            b.HasIndex(n => n.SourceAlertId).IsUnique();
            b.HasIndex(n => n.LinkedTo);
        });
        builder.Entity<Supervision.NoticeFile>(b =>
        {
            b.ToTable("notice_files");
            b.HasKey(f => f.Id);
            b.Property(f => f.FileName).HasMaxLength(200).IsRequired();
            b.Property(f => f.ContentType).HasMaxLength(100).IsRequired();
            b.Property(f => f.Sha256).HasMaxLength(32).IsRequired();
            b.Property(f => f.StoredName).HasMaxLength(300).IsRequired();
            b.Property(f => f.UploadedBy).HasMaxLength(256).IsRequired();
            b.HasIndex(f => f.NoticeId);
        });
        builder.Entity<Supervision.RuleSetting>(b =>
        {
            b.ToTable("rule_settings");
            b.HasKey(s => s.Id);
            b.Property(s => s.Rule).HasMaxLength(64).IsRequired();
            b.Property(s => s.Parameter).HasMaxLength(64).IsRequired();
            b.Property(s => s.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(s => s.Value).HasMaxLength(2000).IsRequired();
            b.Property(s => s.SetBy).HasMaxLength(256).IsRequired();
        });

        builder.Entity<Exchange.ExchangeSystem>(b =>
        {
            b.ToTable("exchange_systems");
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasMaxLength(64);
            b.Property(x => x.OrganisationCode).HasMaxLength(64).IsRequired();
            b.Property(x => x.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(x => x.Feeds).HasMaxLength(500).IsRequired();
            b.Property(x => x.ProtectedSecret).HasMaxLength(2000).IsRequired();
            b.Ignore(x => x.FeedList);
            b.HasIndex(x => x.RegionPath);
        });

        ModuleStoreNaming.Apply(builder, Schema, UsesSchemas);
    }
}

/// <summary>Core on SQLite (carries the SQLite migrations).</summary>
public sealed class CoreSqliteDbContext(DbContextOptions<CoreSqliteDbContext> options) : CoreDbContext(options)
{
    protected override bool UsesSchemas => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        ModuleStoreNaming.ConfigureSqliteConventions(configurationBuilder);
    }
}

/// <summary>Core on PostgreSQL (carries the PostgreSQL migrations).</summary>
public sealed class CorePostgresDbContext(DbContextOptions<CorePostgresDbContext> options) : CoreDbContext(options)
{
    protected override bool UsesSchemas => true;
}
