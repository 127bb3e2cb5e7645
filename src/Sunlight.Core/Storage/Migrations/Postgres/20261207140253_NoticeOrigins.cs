using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NoticeOrigins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LinkedTo",
                schema: "core",
                table: "notices",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                schema: "core",
                table: "notices",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "person");

            migrationBuilder.AddColumn<long>(
                name: "SourceAlertId",
                schema: "core",
                table: "notices",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_LinkedTo",
                schema: "core",
                table: "notices",
                column: "LinkedTo");

            migrationBuilder.CreateIndex(
                name: "IX_notices_SourceAlertId",
                schema: "core",
                table: "notices",
                column: "SourceAlertId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notices_LinkedTo",
                schema: "core",
                table: "notices");

            migrationBuilder.DropIndex(
                name: "IX_notices_SourceAlertId",
                schema: "core",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "LinkedTo",
                schema: "core",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "Origin",
                schema: "core",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "SourceAlertId",
                schema: "core",
                table: "notices");
        }
    }
}
