using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sunlight.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ledger_checkpoints",
                schema: "core",
                columns: table => new
                {
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Root = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_checkpoints", x => x.Size);
                });

            migrationBuilder.CreateTable(
                name: "ledger_cosignatures",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CheckpointSize = table.Column<long>(type: "bigint", nullable: false),
                    Witness = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Line = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_cosignatures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_counter",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Next = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_counter", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_records",
                schema: "core",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Body = table.Column<byte[]>(type: "bytea", nullable: false),
                    BodyHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    RegionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_records", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "ledger_tiles",
                schema: "core",
                columns: table => new
                {
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Index = table.Column<long>(type: "bigint", nullable: false),
                    Hashes = table.Column<byte[]>(type: "bytea", maxLength: 8192, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_tiles", x => new { x.Level, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "ledger_tree",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Root = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_tree", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "witness_incidents",
                schema: "core",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Origin = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_witness_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "witnessed_logs",
                schema: "core",
                columns: table => new
                {
                    Origin = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Root = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Checkpoint = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_witnessed_logs", x => x.Origin);
                });

            migrationBuilder.InsertData(
                schema: "core",
                table: "ledger_counter",
                columns: new[] { "Id", "Next" },
                values: new object[] { 1, 0L });

            migrationBuilder.InsertData(
                schema: "core",
                table: "ledger_tree",
                columns: new[] { "Id", "Root", "Size", "UpdatedAt" },
                values: new object[] { 1, new byte[] { 227, 176, 196, 66, 152, 252, 28, 20, 154, 251, 244, 200, 153, 111, 185, 36, 39, 174, 65, 228, 100, 155, 147, 76, 164, 149, 153, 27, 120, 82, 184, 85 }, 0L, new DateTimeOffset(new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_cosignatures_CheckpointSize",
                schema: "core",
                table: "ledger_cosignatures",
                column: "CheckpointSize");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_records_Type_Subject",
                schema: "core",
                table: "ledger_records",
                columns: new[] { "Type", "Subject" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ledger_checkpoints",
                schema: "core");

            migrationBuilder.DropTable(
                name: "ledger_cosignatures",
                schema: "core");

            migrationBuilder.DropTable(
                name: "ledger_counter",
                schema: "core");

            migrationBuilder.DropTable(
                name: "ledger_records",
                schema: "core");

            migrationBuilder.DropTable(
                name: "ledger_tiles",
                schema: "core");

            migrationBuilder.DropTable(
                name: "ledger_tree",
                schema: "core");

            migrationBuilder.DropTable(
                name: "witness_incidents",
                schema: "core");

            migrationBuilder.DropTable(
                name: "witnessed_logs",
                schema: "core");
        }
    }
}
