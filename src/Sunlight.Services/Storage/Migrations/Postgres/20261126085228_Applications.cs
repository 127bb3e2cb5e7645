using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Applications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AcceptanceDueAt",
                schema: "services",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApplicantUserId",
                schema: "services",
                table: "cases",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Closed",
                schema: "services",
                table: "cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DueAt",
                schema: "services",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ItemName",
                schema: "services",
                table: "cases",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "QueryCodeHash",
                schema: "services",
                table: "cases",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatutoryDueAt",
                schema: "services",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "attachments",
                schema: "services",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseNo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    StoredName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attachments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_ApplicantUserId",
                schema: "services",
                table: "cases",
                column: "ApplicantUserId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_Closed_DueAt",
                schema: "services",
                table: "cases",
                columns: new[] { "Closed", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_OrganisationCode_Closed_DueAt",
                schema: "services",
                table: "cases",
                columns: new[] { "OrganisationCode", "Closed", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_attachments_CaseNo",
                schema: "services",
                table: "attachments",
                column: "CaseNo");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attachments",
                schema: "services");

            migrationBuilder.DropIndex(
                name: "IX_cases_ApplicantUserId",
                schema: "services",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_Closed_DueAt",
                schema: "services",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_OrganisationCode_Closed_DueAt",
                schema: "services",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AcceptanceDueAt",
                schema: "services",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ApplicantUserId",
                schema: "services",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Closed",
                schema: "services",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "DueAt",
                schema: "services",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ItemName",
                schema: "services",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "QueryCodeHash",
                schema: "services",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "StatutoryDueAt",
                schema: "services",
                table: "cases");
        }
    }
}
