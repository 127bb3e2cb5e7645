using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Cases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "services_case_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CaseNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    BodyHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_services_case_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "services_cases",
                columns: table => new
                {
                    CaseNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ItemVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ApplicantIdType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApplicantIdNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastEventAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EventCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_services_cases", x => x.CaseNo);
                });

            migrationBuilder.CreateTable(
                name: "services_systems",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RotatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_services_systems", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_services_case_events_CaseNo_At",
                table: "services_case_events",
                columns: new[] { "CaseNo", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_services_case_events_SystemId_EventId",
                table: "services_case_events",
                columns: new[] { "SystemId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_services_cases_OrganisationCode_State",
                table: "services_cases",
                columns: new[] { "OrganisationCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_services_cases_RegionPath",
                table: "services_cases",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "services_case_events");

            migrationBuilder.DropTable(
                name: "services_cases");

            migrationBuilder.DropTable(
                name: "services_systems");
        }
    }
}
