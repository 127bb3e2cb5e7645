using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Services.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Applications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AcceptanceDueAt",
                table: "services_cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApplicantUserId",
                table: "services_cases",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Closed",
                table: "services_cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "DueAt",
                table: "services_cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ItemName",
                table: "services_cases",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "QueryCodeHash",
                table: "services_cases",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StatutoryDueAt",
                table: "services_cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "services_attachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    StoredName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_services_attachments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_services_cases_ApplicantUserId",
                table: "services_cases",
                column: "ApplicantUserId");

            migrationBuilder.CreateIndex(
                name: "IX_services_cases_Closed_DueAt",
                table: "services_cases",
                columns: new[] { "Closed", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_services_cases_OrganisationCode_Closed_DueAt",
                table: "services_cases",
                columns: new[] { "OrganisationCode", "Closed", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_services_attachments_CaseNo",
                table: "services_attachments",
                column: "CaseNo");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "services_attachments");

            migrationBuilder.DropIndex(
                name: "IX_services_cases_ApplicantUserId",
                table: "services_cases");

            migrationBuilder.DropIndex(
                name: "IX_services_cases_Closed_DueAt",
                table: "services_cases");

            migrationBuilder.DropIndex(
                name: "IX_services_cases_OrganisationCode_Closed_DueAt",
                table: "services_cases");

            migrationBuilder.DropColumn(
                name: "AcceptanceDueAt",
                table: "services_cases");

            migrationBuilder.DropColumn(
                name: "ApplicantUserId",
                table: "services_cases");

            migrationBuilder.DropColumn(
                name: "Closed",
                table: "services_cases");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "services_cases");

            migrationBuilder.DropColumn(
                name: "ItemName",
                table: "services_cases");

            migrationBuilder.DropColumn(
                name: "QueryCodeHash",
                table: "services_cases");

            migrationBuilder.DropColumn(
                name: "StatutoryDueAt",
                table: "services_cases");
        }
    }
}
