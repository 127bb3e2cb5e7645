using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "trading");

            migrationBuilder.CreateTable(
                name: "projects",
                schema: "trading",
                columns: table => new
                {
                    Ocid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CentreCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    MethodDetails = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    BuyerId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    BuyerName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    AgencyId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    SupervisingCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TenderStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OpeningAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Awarded = table.Column<bool>(type: "boolean", nullable: false),
                    Compiled = table.Column<string>(type: "text", nullable: false),
                    CompiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReleaseCount = table.Column<int>(type: "integer", nullable: false),
                    FirstReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Foreign = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_projects", x => x.Ocid);
                });

            migrationBuilder.CreateTable(
                name: "releases",
                schema: "trading",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Ocid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ReleaseId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Tags = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Date = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Sender = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sha256 = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    IsCompiled = table.Column<bool>(type: "boolean", nullable: false),
                    RecordSequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_releases", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_projects_CentreCode_CompiledAt",
                schema: "trading",
                table: "projects",
                columns: new[] { "CentreCode", "CompiledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_projects_CompiledAt",
                schema: "trading",
                table: "projects",
                column: "CompiledAt");

            migrationBuilder.CreateIndex(
                name: "IX_projects_RegionPath",
                schema: "trading",
                table: "projects",
                column: "RegionPath");

            migrationBuilder.CreateIndex(
                name: "IX_projects_SupervisingCode",
                schema: "trading",
                table: "projects",
                column: "SupervisingCode");

            migrationBuilder.CreateIndex(
                name: "IX_releases_Ocid_ReleaseId",
                schema: "trading",
                table: "releases",
                columns: new[] { "Ocid", "ReleaseId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "projects",
                schema: "trading");

            migrationBuilder.DropTable(
                name: "releases",
                schema: "trading");
        }
    }
}
