using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ecommerce.Modules.Orders.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ParkedEventsAndInboxRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                schema: "orders",
                table: "outbox_messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                schema: "orders",
                table: "outbox_messages",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ParkedAt",
                schema: "orders",
                table: "outbox_messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_parked",
                schema: "orders",
                table: "outbox_messages",
                column: "Key",
                filter: "\"ParkedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_HandledAt",
                schema: "orders",
                table: "inbox_messages",
                column: "HandledAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_parked",
                schema: "orders",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_inbox_messages_HandledAt",
                schema: "orders",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "Attempts",
                schema: "orders",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "LastError",
                schema: "orders",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "ParkedAt",
                schema: "orders",
                table: "outbox_messages");
        }
    }
}
