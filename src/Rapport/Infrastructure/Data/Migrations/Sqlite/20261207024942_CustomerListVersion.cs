using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerListVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // CustomerListCache: a value that changes with every write to customers or contact points, whoever makes it.
            // Random rather than counted, so a database restored to an earlier state never repeats a value a node has seen.
            migrationBuilder.Sql("""
                CREATE TABLE customer_list_version (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
                INSERT INTO customer_list_version (id, value) VALUES (1, random());
                CREATE TRIGGER customer_list_ai AFTER INSERT ON customers BEGIN UPDATE customer_list_version SET value = random(); END;
                CREATE TRIGGER customer_list_au AFTER UPDATE ON customers BEGIN UPDATE customer_list_version SET value = random(); END;
                CREATE TRIGGER customer_list_ad AFTER DELETE ON customers BEGIN UPDATE customer_list_version SET value = random(); END;
                CREATE TRIGGER contact_point_list_ai AFTER INSERT ON contact_points BEGIN UPDATE customer_list_version SET value = random(); END;
                CREATE TRIGGER contact_point_list_au AFTER UPDATE ON contact_points BEGIN UPDATE customer_list_version SET value = random(); END;
                CREATE TRIGGER contact_point_list_ad AFTER DELETE ON contact_points BEGIN UPDATE customer_list_version SET value = random(); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS customer_list_ai; DROP TRIGGER IF EXISTS customer_list_au; DROP TRIGGER IF EXISTS customer_list_ad;
                DROP TRIGGER IF EXISTS contact_point_list_ai; DROP TRIGGER IF EXISTS contact_point_list_au; DROP TRIGGER IF EXISTS contact_point_list_ad;
                DROP TABLE IF EXISTS customer_list_version;
                """);
        }
    }
}
