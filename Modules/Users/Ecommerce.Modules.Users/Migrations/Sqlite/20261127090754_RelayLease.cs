using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ecommerce.Modules.Users.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RelayLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox_relay_lease",
                schema: "users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_relay_lease", x => x.Id);
                });

            migrationBuilder.InsertData(
                schema: "users",
                table: "outbox_relay_lease",
                columns: new[] { "Id", "ExpiresAt", "Owner" },
                values: new object[] { 1, 0L, null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_relay_lease",
                schema: "users");
        }
    }
}
