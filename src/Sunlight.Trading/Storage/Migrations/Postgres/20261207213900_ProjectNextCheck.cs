using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProjectNextCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextCheckAt",
                schema: "trading",
                table: "projects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_projects_NextCheckAt",
                schema: "trading",
                table: "projects",
                column: "NextCheckAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_projects_NextCheckAt",
                schema: "trading",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "NextCheckAt",
                schema: "trading",
                table: "projects");
        }
    }
}
