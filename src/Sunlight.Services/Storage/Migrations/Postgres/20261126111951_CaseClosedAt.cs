using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseClosedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                schema: "services",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            // Cases closed before this column existed: the clock stopped at their first concluded or rejected event.
            migrationBuilder.Sql("UPDATE services.\"cases\" SET \"ClosedAt\" = (SELECT MIN(e.\"At\") FROM services.\"case_events\" e WHERE e.\"CaseNo\" = services.\"cases\".\"CaseNo\" AND e.\"Type\" IN ('concluded', 'rejected')) WHERE \"Closed\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosedAt",
                schema: "services",
                table: "cases");
        }
    }
}
