namespace Godwit.MySql.Tests.Introspection;

/// <summary>A MariaDB database planted with every type and every trap the schema translation must handle.</summary>
public static class TypeZoo
{
    public const string Sql = """
        SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
        CREATE TABLE parent (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50)) ENGINE=InnoDB COMMENT 'parents';
        CREATE TABLE child (
          id INT AUTO_INCREMENT PRIMARY KEY,
          parent_id BIGINT UNSIGNED NOT NULL,
          KEY parent_idx (parent_id),
          CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE RESTRICT);
        CREATE TABLE zoo (
          id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
          ti TINYINT, tiu TINYINT UNSIGNED, flag TINYINT(1) NOT NULL DEFAULT 1, si SMALLINT, siu SMALLINT UNSIGNED,
          mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
          dec1 DECIMAL(10,2) DEFAULT 1.50, dec2 DECIMAL(65,30), f FLOAT, d DOUBLE, b1 BIT(1), b8 BIT(8) DEFAULT b'101',
          dt DATE DEFAULT '0000-00-00', dtm DATETIME(6), ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
          tm TIME DEFAULT '-838:59:59', yr YEAR, c CHAR(3), vc VARCHAR(255) DEFAULT 'it''s', tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, lt LONGTEXT,
          bn BINARY(16), vb VARBINARY(20), bl BLOB, e ENUM('small','medium','large') DEFAULT 'small', st SET('a','b','c'),
          j JSON, u UUID, ip4 INET4, ip6 INET6, g GEOMETRY, p POINT,
          `select` INT COMMENT 'reserved', `MixedCase` INT,
          gen INT AS (i * 2) STORED, vgen INT AS (i + 1) VIRTUAL,
          qty INT CHECK (qty >= 0),
          CONSTRAINT zoo_chk CHECK (i < 1000000),
          UNIQUE KEY vc_uq (vc), KEY tx_prefix (tx(20)), FULLTEXT KEY ft (tt, tx)
        ) COMMENT 'every type';
        CREATE TABLE `Users` (id INT PRIMARY KEY);
        CREATE TABLE `users` (id INT PRIMARY KEY, KEY parent_idx (id));
        CREATE TABLE nopk (a INT, b INT);
        CREATE TABLE part (id INT NOT NULL, PRIMARY KEY (id)) PARTITION BY HASH (id) PARTITIONS 2;
        CREATE VIEW zoo_view AS SELECT id, vc, i * 2 AS twice FROM zoo WHERE i > 0;
        CREATE VIEW bad_view AS SELECT id, IF(i > 0, 'y', 'n') AS yn FROM zoo;
        CREATE TRIGGER zoo_bi BEFORE INSERT ON zoo FOR EACH ROW SET NEW.qty = COALESCE(NEW.qty, 0);
        CREATE PROCEDURE noop() BEGIN END;
        INSERT INTO parent VALUES (9223372036854775807, 'max');
        INSERT INTO child (parent_id) VALUES (9223372036854775807);
        INSERT INTO zoo (ti, dt, tm, j, st) VALUES (1, '0000-00-00', '-838:59:59', '{"a":1}', 'a,c');
        """;
}
