using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Sunlight.Core.Storage;

namespace Sunlight.Trading.Storage;

/// <summary>The Trading module's tables: schema <c>trading</c> on PostgreSQL, prefix <c>trading_</c> on SQLite.</summary>
internal abstract class TradingDbContext : DbContext
{
    public const string Schema = "trading";

    protected TradingDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<TradeProject> Projects => Set<TradeProject>();

    public DbSet<TradeRelease> Releases => Set<TradeRelease>();

    public DbSet<Experts.Expert> Experts => Set<Experts.Expert>();

    public DbSet<Experts.ExpertInterest> ExpertInterests => Set<Experts.ExpertInterest>();

    public DbSet<Draws.Draw> Draws => Set<Draws.Draw>();

    protected abstract bool UsesSchemas { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<TradeProject>(b =>
        {
            b.ToTable("projects");
            b.HasKey(x => x.Ocid);
            b.Property(x => x.Ocid).HasMaxLength(128);
            b.Property(x => x.CentreCode).HasMaxLength(64).IsRequired();
            b.Property(x => x.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(x => x.Kind).HasMaxLength(32).IsRequired();
            b.Property(x => x.Method).HasMaxLength(32);
            b.Property(x => x.MethodDetails).HasMaxLength(64);
            b.Property(x => x.Title).HasMaxLength(500);
            b.Property(x => x.BuyerId).HasMaxLength(128);
            b.Property(x => x.BuyerName).HasMaxLength(300);
            b.Property(x => x.AgencyId).HasMaxLength(128);
            b.Property(x => x.SupervisingCode).HasMaxLength(64);
            b.Property(x => x.TenderStatus).HasMaxLength(32);
            b.Property(x => x.Compiled).IsRequired();
            b.HasIndex(x => new { x.CentreCode, x.CompiledAt });
            b.HasIndex(x => x.RegionPath);
            b.HasIndex(x => x.SupervisingCode);
            b.HasIndex(x => x.CompiledAt);
            b.HasIndex(x => x.NextCheckAt);
            b.Property(x => x.ProjectCode).HasMaxLength(64);
            b.HasIndex(x => x.ProjectCode);
        });
        modelBuilder.Entity<TradeRelease>(b =>
        {
            b.ToTable("releases");
            b.HasKey(x => x.Id);
            b.Property(x => x.Ocid).HasMaxLength(128).IsRequired();
            b.Property(x => x.ReleaseId).HasMaxLength(200).IsRequired();
            b.Property(x => x.Tags).HasMaxLength(200).IsRequired();
            b.Property(x => x.Sender).HasMaxLength(100).IsRequired();
            b.Property(x => x.Sha256).HasMaxLength(32).IsRequired();
            b.Property(x => x.Json).IsRequired();
            b.HasIndex(x => new { x.Ocid, x.ReleaseId }).IsUnique();
            b.HasIndex(x => x.RecordSequence);
        });

        modelBuilder.Entity<Experts.Expert>(b =>
        {
            b.ToTable("experts");
            b.HasKey(x => x.Code);
            b.Property(x => x.Code).HasMaxLength(16);
            b.Property(x => x.Name).HasMaxLength(50).IsRequired();
            b.Property(x => x.IdNumber).HasMaxLength(18).IsRequired();
            b.Property(x => x.OrganisationId).HasMaxLength(128).IsRequired();
            b.Property(x => x.OrganisationName).HasMaxLength(200).IsRequired();
            b.Property(x => x.DirectoryCode).HasMaxLength(64);
            b.Property(x => x.Specialties).HasMaxLength(1000).IsRequired();
            b.Property(x => x.RegionCode).HasMaxLength(16).IsRequired();
            b.Property(x => x.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(x => x.Status).HasMaxLength(16).IsRequired();
            b.Property(x => x.StatusReason).HasMaxLength(500);
            b.Property(x => x.UpdatedBy).HasMaxLength(256).IsRequired();
            b.HasIndex(x => x.RegionPath);
        });
        modelBuilder.Entity<Experts.ExpertInterest>(b =>
        {
            b.ToTable("expert_interests");
            b.HasKey(x => x.Id);
            b.Property(x => x.ExpertCode).HasMaxLength(16).IsRequired();
            b.Property(x => x.OrganisationId).HasMaxLength(128).IsRequired();
            b.Property(x => x.OrganisationName).HasMaxLength(200).IsRequired();
            b.Property(x => x.Relation).HasMaxLength(16).IsRequired();
            b.HasIndex(x => x.ExpertCode);
            b.HasIndex(x => x.OrganisationId);
        });

        modelBuilder.Entity<Draws.Draw>(b =>
        {
            b.ToTable("draws");
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasMaxLength(64);
            b.Property(x => x.Ocid).HasMaxLength(128).IsRequired();
            b.Property(x => x.Lot).HasMaxLength(64).IsRequired();
            b.Property(x => x.CentreCode).HasMaxLength(64).IsRequired();
            b.Property(x => x.RegionPath).HasMaxLength(200).IsRequired();
            b.Property(x => x.BuyerId).HasMaxLength(128).IsRequired();
            b.Property(x => x.RequestedBy).HasMaxLength(256).IsRequired();
            b.Property(x => x.Status).HasMaxLength(16).IsRequired();
            b.Property(x => x.CommitBody).IsRequired();
            b.HasIndex(x => x.Ocid);
            b.HasIndex(x => x.Status);
            b.HasIndex(x => new { x.BuyerId, x.EvaluationAt });
        });

        ModuleStoreNaming.Apply(modelBuilder, Schema, UsesSchemas);
    }
}

/// <summary>Trading on SQLite (carries the SQLite migrations).</summary>
internal sealed class TradingSqliteDbContext(DbContextOptions<TradingSqliteDbContext> options) : TradingDbContext(options)
{
    protected override bool UsesSchemas => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        ModuleStoreNaming.ConfigureSqliteConventions(configurationBuilder);
    }
}

/// <summary>Trading on PostgreSQL (carries the PostgreSQL migrations).</summary>
internal sealed class TradingPostgresDbContext(DbContextOptions<TradingPostgresDbContext> options) : TradingDbContext(options)
{
    protected override bool UsesSchemas => true;
}

internal sealed class TradingSqliteDesignFactory : IDesignTimeDbContextFactory<TradingSqliteDbContext>
{
    public TradingSqliteDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TradingSqliteDbContext>();
        SunlightStorage.ConfigureSqlite(options, "Data Source=design-time.db", TradingDbContext.Schema);
        return new TradingSqliteDbContext(options.Options);
    }
}

internal sealed class TradingPostgresDesignFactory : IDesignTimeDbContextFactory<TradingPostgresDbContext>
{
    public TradingPostgresDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TradingPostgresDbContext>();
        SunlightStorage.ConfigurePostgres(options, "Host=localhost;Database=sunlight_design", TradingDbContext.Schema);
        return new TradingPostgresDbContext(options.Options);
    }
}
