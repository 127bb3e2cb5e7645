using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Cases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_events",
                schema: "services",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SystemId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EventId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CaseNo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Body = table.Column<string>(type: "text", nullable: false),
                    BodyHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                schema: "services",
                columns: table => new
                {
                    CaseNo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ItemVersion = table.Column<int>(type: "integer", nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ApplicantName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ApplicantIdType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ApplicantIdNo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastEventAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EventCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.CaseNo);
                });

            migrationBuilder.CreateTable(
                name: "systems",
                schema: "services",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RotatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_systems", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_events_CaseNo_At",
                schema: "services",
                table: "case_events",
                columns: new[] { "CaseNo", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_case_events_SystemId_EventId",
                schema: "services",
                table: "case_events",
                columns: new[] { "SystemId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_OrganisationCode_State",
                schema: "services",
                table: "cases",
                columns: new[] { "OrganisationCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_RegionPath",
                schema: "services",
                table: "cases",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_events",
                schema: "services");

            migrationBuilder.DropTable(
                name: "cases",
                schema: "services");

            migrationBuilder.DropTable(
                name: "systems",
                schema: "services");
        }
    }
}
