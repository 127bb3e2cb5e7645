using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SystemsMovedToCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The systems move to Core's exchange (scoped to feeds; ADR 9): Core's migration created its table first, and
            // every system registered here pushed case events.
            migrationBuilder.Sql("INSERT INTO core_exchange_systems (Id, OrganisationCode, RegionPath, ProtectedSecret, CreatedAt, RotatedAt, Feeds) SELECT Id, OrganisationCode, RegionPath, ProtectedSecret, CreatedAt, RotatedAt, 'case-events' FROM services_systems;");
            migrationBuilder.DropTable(
                name: "services_systems");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "services_systems",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RotatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_services_systems", x => x.Id);
                });

            migrationBuilder.Sql("INSERT INTO services_systems (Id, OrganisationCode, RegionPath, ProtectedSecret, CreatedAt, RotatedAt) SELECT Id, OrganisationCode, RegionPath, ProtectedSecret, CreatedAt, RotatedAt FROM core_exchange_systems WHERE Feeds LIKE '%case-events%';");
        }
    }
}
