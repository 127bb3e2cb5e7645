using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProjectNextCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "NextCheckAt",
                table: "trading_projects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_trading_projects_NextCheckAt",
                table: "trading_projects",
                column: "NextCheckAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_trading_projects_NextCheckAt",
                table: "trading_projects");

            migrationBuilder.DropColumn(
                name: "NextCheckAt",
                table: "trading_projects");
        }
    }
}
