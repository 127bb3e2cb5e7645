using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "services_item_versions",
                columns: table => new
                {
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Conditions = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    StatutoryLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    CommittedLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    Free = table.Column<bool>(type: "INTEGER", nullable: false),
                    EffectiveFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RecordSequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_services_item_versions", x => new { x.ItemCode, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "services_items",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LatestVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_services_items", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_services_item_versions_Category",
                table: "services_item_versions",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_services_items_OrganisationCode",
                table: "services_items",
                column: "OrganisationCode");

            migrationBuilder.CreateIndex(
                name: "IX_services_items_RegionPath",
                table: "services_items",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "services_item_versions");

            migrationBuilder.DropTable(
                name: "services_items");
        }
    }
}
