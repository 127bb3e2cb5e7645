using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RuleIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "NextCheckAt",
                table: "services_cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_services_cases_NextCheckAt",
                table: "services_cases",
                column: "NextCheckAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_services_cases_NextCheckAt",
                table: "services_cases");

            migrationBuilder.DropColumn(
                name: "NextCheckAt",
                table: "services_cases");
        }
    }
}
