using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseClosedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClosedAt",
                table: "services_cases",
                type: "INTEGER",
                nullable: true);

            // Cases closed before this column existed: the clock stopped at their first concluded or rejected event.
            migrationBuilder.Sql("UPDATE services_cases SET \"ClosedAt\" = (SELECT MIN(e.\"At\") FROM services_case_events e WHERE e.\"CaseNo\" = services_cases.\"CaseNo\" AND e.\"Type\" IN ('concluded', 'rejected')) WHERE \"Closed\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "services_cases");
        }
    }
}
