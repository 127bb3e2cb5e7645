using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseEventRecordSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RecordSequence",
                schema: "services",
                table: "case_events",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordSequence",
                schema: "services",
                table: "case_events");
        }
    }
}
