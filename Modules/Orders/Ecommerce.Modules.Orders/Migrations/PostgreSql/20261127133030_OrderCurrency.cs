using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ecommerce.Modules.Orders.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OrderCurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Currency",
                schema: "orders",
                table: "orders",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                // Orders placed before orders had a currency were in the shop's only currency, EUR until then.
                defaultValue: "EUR");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Currency",
                schema: "orders",
                table: "orders");
        }
    }
}
