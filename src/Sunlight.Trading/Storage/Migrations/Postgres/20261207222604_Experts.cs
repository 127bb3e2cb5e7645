using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Experts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "expert_interests",
                schema: "trading",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ExpertCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OrganisationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OrganisationName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Relation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Until = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_expert_interests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "experts",
                schema: "trading",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    IdNumber = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    OrganisationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OrganisationName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DirectoryCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Specialties = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SuspendedUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    StatusReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experts", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_expert_interests_ExpertCode",
                schema: "trading",
                table: "expert_interests",
                column: "ExpertCode");

            migrationBuilder.CreateIndex(
                name: "IX_expert_interests_OrganisationId",
                schema: "trading",
                table: "expert_interests",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_experts_RegionPath",
                schema: "trading",
                table: "experts",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "expert_interests",
                schema: "trading");

            migrationBuilder.DropTable(
                name: "experts",
                schema: "trading");
        }
    }
}
