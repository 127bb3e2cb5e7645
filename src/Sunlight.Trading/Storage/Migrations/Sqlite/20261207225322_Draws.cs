using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Draws : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "trading_draws",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Ocid = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Lot = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CentreCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BuyerId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    EvaluationAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CommitBody = table.Column<string>(type: "TEXT", nullable: false),
                    CommitSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Result = table.Column<string>(type: "TEXT", nullable: true),
                    CompletedSequence = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trading_draws", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_trading_draws_BuyerId_EvaluationAt",
                table: "trading_draws",
                columns: new[] { "BuyerId", "EvaluationAt" });

            migrationBuilder.CreateIndex(
                name: "IX_trading_draws_Ocid",
                table: "trading_draws",
                column: "Ocid");

            migrationBuilder.CreateIndex(
                name: "IX_trading_draws_Status",
                table: "trading_draws",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trading_draws");
        }
    }
}
