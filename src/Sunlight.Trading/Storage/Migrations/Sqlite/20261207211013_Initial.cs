using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Trading.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "trading_projects",
                columns: table => new
                {
                    Ocid = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CentreCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    MethodDetails = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    BuyerId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    BuyerName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    AgencyId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    SupervisingCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TenderStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    OpeningAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Awarded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Compiled = table.Column<string>(type: "TEXT", nullable: false),
                    CompiledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReleaseCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Foreign = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trading_projects", x => x.Ocid);
                });

            migrationBuilder.CreateTable(
                name: "trading_releases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Ocid = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ReleaseId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Date = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Sender = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sha256 = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    IsCompiled = table.Column<bool>(type: "INTEGER", nullable: false),
                    RecordSequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trading_releases", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_trading_projects_CentreCode_CompiledAt",
                table: "trading_projects",
                columns: new[] { "CentreCode", "CompiledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_trading_projects_CompiledAt",
                table: "trading_projects",
                column: "CompiledAt");

            migrationBuilder.CreateIndex(
                name: "IX_trading_projects_RegionPath",
                table: "trading_projects",
                column: "RegionPath");

            migrationBuilder.CreateIndex(
                name: "IX_trading_projects_SupervisingCode",
                table: "trading_projects",
                column: "SupervisingCode");

            migrationBuilder.CreateIndex(
                name: "IX_trading_releases_Ocid_ReleaseId",
                table: "trading_releases",
                columns: new[] { "Ocid", "ReleaseId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trading_projects");

            migrationBuilder.DropTable(
                name: "trading_releases");
        }
    }
}
