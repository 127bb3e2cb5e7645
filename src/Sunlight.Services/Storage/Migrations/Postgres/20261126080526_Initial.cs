using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "services");

            migrationBuilder.CreateTable(
                name: "item_versions",
                schema: "services",
                columns: table => new
                {
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Conditions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    StatutoryLimit = table.Column<int>(type: "integer", nullable: false),
                    CommittedLimit = table.Column<int>(type: "integer", nullable: false),
                    Definition = table.Column<string>(type: "text", nullable: false),
                    Free = table.Column<bool>(type: "boolean", nullable: false),
                    EffectiveFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RecordSequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_item_versions", x => new { x.ItemCode, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "items",
                schema: "services",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LatestVersion = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_items", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_item_versions_Category",
                schema: "services",
                table: "item_versions",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_items_OrganisationCode",
                schema: "services",
                table: "items",
                column: "OrganisationCode");

            migrationBuilder.CreateIndex(
                name: "IX_items_RegionPath",
                schema: "services",
                table: "items",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "item_versions",
                schema: "services");

            migrationBuilder.DropTable(
                name: "items",
                schema: "services");
        }
    }
}
