using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "core_ledger_checkpoints",
                columns: table => new
                {
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Root = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_ledger_checkpoints", x => x.Size);
                });

            migrationBuilder.CreateTable(
                name: "core_ledger_cosignatures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CheckpointSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Witness = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Line = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_ledger_cosignatures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_ledger_counter",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Next = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_ledger_counter", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_ledger_records",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    BodyHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    RegionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_ledger_records", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "core_ledger_tiles",
                columns: table => new
                {
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Index = table.Column<long>(type: "INTEGER", nullable: false),
                    Hashes = table.Column<byte[]>(type: "BLOB", maxLength: 8192, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_ledger_tiles", x => new { x.Level, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "core_ledger_tree",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Root = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_ledger_tree", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_witness_incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_witness_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "core_witnessed_logs",
                columns: table => new
                {
                    Origin = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Root = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Checkpoint = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_core_witnessed_logs", x => x.Origin);
                });

            migrationBuilder.InsertData(
                table: "core_ledger_counter",
                columns: new[] { "Id", "Next" },
                values: new object[] { 1, 0L });

            migrationBuilder.InsertData(
                table: "core_ledger_tree",
                columns: new[] { "Id", "Root", "Size", "UpdatedAt" },
                values: new object[] { 1, new byte[] { 227, 176, 196, 66, 152, 252, 28, 20, 154, 251, 244, 200, 153, 111, 185, 36, 39, 174, 65, 228, 100, 155, 147, 76, 164, 149, 153, 27, 120, 82, 184, 85 }, 0L, 1272537022464000000L });

            migrationBuilder.CreateIndex(
                name: "IX_core_ledger_cosignatures_CheckpointSize",
                table: "core_ledger_cosignatures",
                column: "CheckpointSize");

            migrationBuilder.CreateIndex(
                name: "IX_core_ledger_records_Type_Subject",
                table: "core_ledger_records",
                columns: new[] { "Type", "Subject" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "core_ledger_checkpoints");

            migrationBuilder.DropTable(
                name: "core_ledger_cosignatures");

            migrationBuilder.DropTable(
                name: "core_ledger_counter");

            migrationBuilder.DropTable(
                name: "core_ledger_records");

            migrationBuilder.DropTable(
                name: "core_ledger_tiles");

            migrationBuilder.DropTable(
                name: "core_ledger_tree");

            migrationBuilder.DropTable(
                name: "core_witness_incidents");

            migrationBuilder.DropTable(
                name: "core_witnessed_logs");
        }
    }
}
