using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProjectCode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProjectCode",
                table: "trading_projects",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_trading_releases_RecordSequence",
                table: "trading_releases",
                column: "RecordSequence");

            migrationBuilder.CreateIndex(
                name: "IX_trading_projects_ProjectCode",
                table: "trading_projects",
                column: "ProjectCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_trading_releases_RecordSequence",
                table: "trading_releases");

            migrationBuilder.DropIndex(
                name: "IX_trading_projects_ProjectCode",
                table: "trading_projects");

            migrationBuilder.DropColumn(
                name: "ProjectCode",
                table: "trading_projects");
        }
    }
}
