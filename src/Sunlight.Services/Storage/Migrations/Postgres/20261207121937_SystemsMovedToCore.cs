using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SystemsMovedToCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The systems move to Core's exchange (scoped to feeds; ADR 9): Core's migration created its table first, and
            // every system registered here pushed case events.
            migrationBuilder.Sql("INSERT INTO core.exchange_systems (\"Id\", \"OrganisationCode\", \"RegionPath\", \"ProtectedSecret\", \"CreatedAt\", \"RotatedAt\", \"Feeds\") SELECT \"Id\", \"OrganisationCode\", \"RegionPath\", \"ProtectedSecret\", \"CreatedAt\", \"RotatedAt\", 'case-events' FROM services.systems;");
            migrationBuilder.DropTable(
                name: "systems",
                schema: "services");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "systems",
                schema: "services",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RotatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_systems", x => x.Id);
                });

            migrationBuilder.Sql("INSERT INTO services.systems (\"Id\", \"OrganisationCode\", \"RegionPath\", \"ProtectedSecret\", \"CreatedAt\", \"RotatedAt\") SELECT \"Id\", \"OrganisationCode\", \"RegionPath\", \"ProtectedSecret\", \"CreatedAt\", \"RotatedAt\" FROM core.exchange_systems WHERE \"Feeds\" LIKE '%case-events%';");
        }
    }
}
