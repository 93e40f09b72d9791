using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ecommerce.Modules.Orders.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrdersNeedAKnownUser : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "FK_orders_known_users_UserId",
                schema: "orders",
                table: "orders",
                column: "UserId",
                principalSchema: "orders",
                principalTable: "known_users",
                principalColumn: "UserId",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_orders_known_users_UserId",
                schema: "orders",
                table: "orders");
        }
    }
}
