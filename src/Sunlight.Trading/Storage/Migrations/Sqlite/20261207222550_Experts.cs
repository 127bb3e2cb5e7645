using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Experts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "trading_expert_interests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExpertCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Relation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Until = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trading_expert_interests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "trading_experts",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    IdNumber = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DirectoryCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Specialties = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SuspendedUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trading_experts", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_trading_expert_interests_ExpertCode",
                table: "trading_expert_interests",
                column: "ExpertCode");

            migrationBuilder.CreateIndex(
                name: "IX_trading_expert_interests_OrganisationId",
                table: "trading_expert_interests",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_trading_experts_RegionPath",
                table: "trading_experts",
                column: "RegionPath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trading_expert_interests");

            migrationBuilder.DropTable(
                name: "trading_experts");
        }
    }
}
