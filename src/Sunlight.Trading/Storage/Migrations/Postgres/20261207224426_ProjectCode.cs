using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProjectCode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProjectCode",
                schema: "trading",
                table: "projects",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_releases_RecordSequence",
                schema: "trading",
                table: "releases",
                column: "RecordSequence");

            migrationBuilder.CreateIndex(
                name: "IX_projects_ProjectCode",
                schema: "trading",
                table: "projects",
                column: "ProjectCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_releases_RecordSequence",
                schema: "trading",
                table: "releases");

            migrationBuilder.DropIndex(
                name: "IX_projects_ProjectCode",
                schema: "trading",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "ProjectCode",
                schema: "trading",
                table: "projects");
        }
    }
}
