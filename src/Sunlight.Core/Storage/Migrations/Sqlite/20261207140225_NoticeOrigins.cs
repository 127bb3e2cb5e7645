using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NoticeOrigins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LinkedTo",
                table: "core_notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "core_notices",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "person");

            migrationBuilder.AddColumn<long>(
                name: "SourceAlertId",
                table: "core_notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_core_notices_LinkedTo",
                table: "core_notices",
                column: "LinkedTo");

            migrationBuilder.CreateIndex(
                name: "IX_core_notices_SourceAlertId",
                table: "core_notices",
                column: "SourceAlertId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_core_notices_LinkedTo",
                table: "core_notices");

            migrationBuilder.DropIndex(
                name: "IX_core_notices_SourceAlertId",
                table: "core_notices");

            migrationBuilder.DropColumn(
                name: "LinkedTo",
                table: "core_notices");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "core_notices");

            migrationBuilder.DropColumn(
                name: "SourceAlertId",
                table: "core_notices");
        }
    }
}
