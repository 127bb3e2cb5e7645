using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseEventRecordSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RecordSequence",
                table: "services_case_events",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordSequence",
                table: "services_case_events");
        }
    }
}
