-- Tables the corpus bodies use besides Sakila's (from the MySQL manual's trigger and routine examples).
CREATE TABLE account (acct_num INT PRIMARY KEY, amount DECIMAL(10,2));
INSERT INTO account VALUES (137, 14.98), (141, 1937.50), (97, -100.00);
CREATE TABLE audit_log (id INT AUTO_INCREMENT PRIMARY KEY, object_name VARCHAR(40) NOT NULL, action VARCHAR(10) NOT NULL, old_value VARCHAR(255), new_value VARCHAR(255));
CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, value INT NOT NULL DEFAULT 0);
INSERT INTO counters VALUES ('films', 0), ('deleted', 0);
CREATE TABLE price_history (film_id SMALLINT UNSIGNED NOT NULL, old_rate DECIMAL(4,2), new_rate DECIMAL(4,2), PRIMARY KEY (film_id, new_rate));
CREATE TABLE t_scores (id INT PRIMARY KEY, score INT, grade CHAR(1), note VARCHAR(20));
INSERT INTO t_scores VALUES (1, 95, NULL, NULL), (2, 72, NULL, 'x'), (3, NULL, NULL, NULL), (4, 40, NULL, 'late');
CREATE TABLE trigger_order (id INT PRIMARY KEY, path VARCHAR(20) NOT NULL DEFAULT '');
-- Tables for the real-world idioms (r cases): an item table with the usual trigger chores, its archive, and two more.
CREATE TABLE rw_items (id INT PRIMARY KEY, name VARCHAR(40), slug VARCHAR(60), qty INT NOT NULL DEFAULT 0, uuid CHAR(36), updated_at DATETIME NULL);
CREATE TABLE rw_items_archive (id INT PRIMARY KEY, name VARCHAR(40), qty INT, removed_at DATETIME NOT NULL);
CREATE TABLE rw_users (id INT PRIMARY KEY, name VARCHAR(40), created_by VARCHAR(80));
CREATE TABLE rw_touch (id INT PRIMARY KEY, touched_at DATETIME NULL);
INSERT INTO rw_touch VALUES (1, NULL);
