using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sunlight.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RuleSettingValueLonger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
