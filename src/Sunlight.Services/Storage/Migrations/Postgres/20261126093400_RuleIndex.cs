using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RuleIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NextCheckAt",
                schema: "services",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_NextCheckAt",
                schema: "services",
                table: "cases",
                column: "NextCheckAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_NextCheckAt",
                schema: "services",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "NextCheckAt",
                schema: "services",
                table: "cases");
        }
    }
}
