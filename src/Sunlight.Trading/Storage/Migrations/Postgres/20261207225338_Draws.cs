using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Draws : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "draws",
                schema: "trading",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Ocid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Lot = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CentreCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    BuyerId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    EvaluationAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CommitBody = table.Column<string>(type: "text", nullable: false),
                    CommitSequence = table.Column<long>(type: "bigint", nullable: false),
                    Result = table.Column<string>(type: "text", nullable: true),
                    CompletedSequence = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_draws", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_draws_BuyerId_EvaluationAt",
                schema: "trading",
                table: "draws",
                columns: new[] { "BuyerId", "EvaluationAt" });

            migrationBuilder.CreateIndex(
                name: "IX_draws_Ocid",
                schema: "trading",
                table: "draws",
                column: "Ocid");

            migrationBuilder.CreateIndex(
                name: "IX_draws_Status",
                schema: "trading",
                table: "draws",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "draws",
                schema: "trading");
        }
    }
}
