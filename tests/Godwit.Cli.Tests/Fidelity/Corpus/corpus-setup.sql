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
