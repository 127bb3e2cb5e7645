using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Sunlight.Core.Storage;
using Sunlight.Services.Cases;
using Sunlight.Services.Catalogue;

namespace Sunlight.Services.Storage;

/// <summary>The Services module's tables: schema <c>services</c> on PostgreSQL, prefix <c>services_</c> on SQLite.</summary>
internal abstract class ServicesDbContext : DbContext
{
    public const string Schema = "services";

    protected ServicesDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<PowerItem> Items => Set<PowerItem>();

    public DbSet<PowerItemVersion> ItemVersions => Set<PowerItemVersion>();

    public DbSet<ServiceCase> Cases => Set<ServiceCase>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<CaseAttachment> Attachments => Set<CaseAttachment>();

    protected abstract bool UsesSchemas { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PowerItem>(b =>
        {
            b.ToTable("items");
            b.HasKey(i => i.Code);
            b.Property(i => i.Code).HasMaxLength(64);
            b.Property(i => i.OrganisationCode).HasMaxLength(64).IsRequired();
            b.Property(i => i.RegionPath).HasMaxLength(200).IsRequired();
            b.HasIndex(i => i.OrganisationCode);
            b.HasIndex(i => i.RegionPath);
        });
        modelBuilder.Entity<PowerItemVersion>(b =>
        {
            b.ToTable("item_versions");
            b.HasKey(v => new { v.ItemCode, v.Version });
            b.Property(v => v.ItemCode).HasMaxLength(64);
            b.Property(v => v.Name).HasMaxLength(200).IsRequired();
            b.Property(v => v.Category).HasMaxLength(32).IsRequired();
            b.Property(v => v.OrganisationCode).HasMaxLength(64).IsRequired();
            b.Property(v => v.LegalBasis).HasMaxLength(2000).IsRequired();
            b.Property(v => v.Conditions).HasMaxLength(4000);
            b.Property(v => v.Definition).IsRequired();
            b.Property(v => v.PublishedBy).HasMaxLength(256).IsRequired();
            b.HasIndex(v => v.Category);
        });
        modelBuilder.Entity<ServiceCase>(b =>
        {
            b.ToTable("cases");
            b.HasKey(x => x.CaseNo);
            b.Property(x => x.CaseNo).HasMaxLength(64);
            b.Property(x => x.ItemCode).HasMaxLength(64).IsRequired();
            b.Property(x => x.OrganisationCode).HasMaxLength(64).IsRequired();
            b.Property(x => x.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(x => x.Channel).HasMaxLength(16).IsRequired();
            b.Property(x => x.ApplicantName).HasMaxLength(100).IsRequired();
            b.Property(x => x.ApplicantIdType).HasMaxLength(16).IsRequired();
            b.Property(x => x.ApplicantIdNo).HasMaxLength(64).IsRequired();
            b.Property(x => x.State).HasMaxLength(32).IsRequired();
            b.Property(x => x.ItemName).HasMaxLength(200).IsRequired();
            b.Property(x => x.ApplicantUserId).HasMaxLength(64);
            b.Property(x => x.QueryCodeHash).HasMaxLength(32);
            b.HasIndex(x => new { x.OrganisationCode, x.State });
            b.HasIndex(x => new { x.OrganisationCode, x.Closed, x.DueAt });
            b.HasIndex(x => new { x.Closed, x.DueAt });
            b.HasIndex(x => x.ApplicantUserId);
            b.HasIndex(x => x.NextCheckAt);
            b.HasIndex(x => x.RegionPath);
        });
        modelBuilder.Entity<CaseAttachment>(b =>
        {
            b.ToTable("attachments");
            b.HasKey(x => x.Id);
            b.Property(x => x.CaseNo).HasMaxLength(64).IsRequired();
            b.Property(x => x.FileName).HasMaxLength(200).IsRequired();
            b.Property(x => x.ContentType).HasMaxLength(100).IsRequired();
            b.Property(x => x.Sha256).HasMaxLength(32).IsRequired();
            b.Property(x => x.StoredName).HasMaxLength(200).IsRequired();
            b.Property(x => x.UploadedBy).HasMaxLength(256).IsRequired();
            b.HasIndex(x => x.CaseNo);
        });
        modelBuilder.Entity<CaseEvent>(b =>
        {
            b.ToTable("case_events");
            b.HasKey(x => x.Id);
            b.Property(x => x.SystemId).HasMaxLength(64).IsRequired();
            b.Property(x => x.EventId).HasMaxLength(100).IsRequired();
            b.Property(x => x.CaseNo).HasMaxLength(64).IsRequired();
            b.Property(x => x.Type).HasMaxLength(32).IsRequired();
            b.Property(x => x.Actor).HasMaxLength(64);
            b.Property(x => x.Body).IsRequired();
            b.Property(x => x.BodyHash).HasMaxLength(32).IsRequired();
            b.HasIndex(x => new { x.SystemId, x.EventId }).IsUnique();
            b.HasIndex(x => new { x.CaseNo, x.At });
        });

        ModuleStoreNaming.Apply(modelBuilder, Schema, UsesSchemas);
    }
}

/// <summary>Services on SQLite (carries the SQLite migrations).</summary>
internal sealed class ServicesSqliteDbContext(DbContextOptions<ServicesSqliteDbContext> options) : ServicesDbContext(options)
{
    protected override bool UsesSchemas => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        ModuleStoreNaming.ConfigureSqliteConventions(configurationBuilder);
    }
}

/// <summary>Services on PostgreSQL (carries the PostgreSQL migrations).</summary>
internal sealed class ServicesPostgresDbContext(DbContextOptions<ServicesPostgresDbContext> options) : ServicesDbContext(options)
{
    protected override bool UsesSchemas => true;
}

internal sealed class ServicesSqliteDesignFactory : IDesignTimeDbContextFactory<ServicesSqliteDbContext>
{
    public ServicesSqliteDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ServicesSqliteDbContext>();
        SunlightStorage.ConfigureSqlite(options, "Data Source=design-time.db", ServicesDbContext.Schema);
        return new ServicesSqliteDbContext(options.Options);
    }
}

internal sealed class ServicesPostgresDesignFactory : IDesignTimeDbContextFactory<ServicesPostgresDbContext>
{
    public ServicesPostgresDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ServicesPostgresDbContext>();
        SunlightStorage.ConfigurePostgres(options, "Host=localhost;Database=sunlight_design", ServicesDbContext.Schema);
        return new ServicesPostgresDbContext(options.Options);
    }
}
