-- Godwit's translation corpus: view, trigger and routine bodies as MySQL/MariaDB users write them, run on a Sakila
-- database (Sakila/, plus corpus-setup.sql). Each case is created on MariaDB, migrated, and either compared by
-- behaviour on both servers (@check, after @do) or asserted to be listed as untranslated with its reason (@untranslated).
-- @source says where the body comes from: Sakila itself, the MySQL/MariaDB manuals' examples (adapted to these
-- tables where they name their own), well-known tutorial and Q&A idioms (written out here, adapted to Sakila), or
-- written for this corpus to cover a construct.

-- @case v01 view
-- @source MySQL manual, CREATE VIEW: "CREATE VIEW v AS SELECT qty, price, qty*price AS value FROM t" (adapted to film)
-- @check SELECT * FROM v01
CREATE VIEW v01 AS SELECT film_id, rental_duration, rental_rate, rental_duration * rental_rate AS value FROM film WHERE film_id <= 20

-- @case v02 view
-- @source tutorial idiom: full name with CONCAT (mysqltutorial.org "MySQL CONCAT"), on actor
-- @check SELECT * FROM v02
CREATE VIEW v02 AS SELECT actor_id, CONCAT(first_name, ' ', last_name) AS full_name FROM actor WHERE actor_id < 30

-- @case v03 view
-- @source written for this corpus: CONCAT is NULL when any argument is (address2 is often NULL)
-- @check SELECT * FROM v03
CREATE VIEW v03 AS SELECT address_id, CONCAT(address, ', ', address2) AS both_lines FROM address WHERE address_id <= 10

-- @case v04 view
-- @source tutorial idiom: CONCAT_WS skips NULLs (mysqltutorial.org "MySQL CONCAT_WS")
-- @check SELECT * FROM v04
CREATE VIEW v04 AS SELECT address_id, CONCAT_WS(', ', address, address2, district) AS label FROM address WHERE address_id <= 10

-- @case v05 view
-- @source tutorial idiom: IFNULL for a display default
-- @check SELECT * FROM v05
CREATE VIEW v05 AS SELECT address_id, IFNULL(postal_code, 'n/a') AS zip, IFNULL(address2, '') AS line2 FROM address WHERE address_id <= 15

-- @case v06 view
-- @source Sakila customer_list: IF on a boolean flag
-- @check SELECT * FROM v06
CREATE VIEW v06 AS SELECT customer_id, IF(active, 'active', 'inactive') AS status FROM customer WHERE customer_id <= 25

-- @case v07 view
-- @source written for this corpus: IF with a comparison and nested IF
-- @check SELECT * FROM v07
CREATE VIEW v07 AS SELECT film_id, IF(length > 120, 'long', IF(length > 60, 'feature', 'short')) AS kind FROM film

-- @case v08 view
-- @source written for this corpus: searched CASE with ranges
-- @check SELECT * FROM v08
CREATE VIEW v08 AS SELECT film_id, CASE WHEN rental_rate < 1 THEN 'cheap' WHEN rental_rate < 3 THEN 'regular' ELSE 'premium' END AS band FROM film

-- @case v09 view
-- @source written for this corpus: simple CASE on an ENUM column
-- @check SELECT * FROM v09
CREATE VIEW v09 AS SELECT film_id, CASE rating WHEN 'G' THEN 'all ages' WHEN 'NC-17' THEN 'adults' ELSE 'guidance' END AS audience FROM film

-- @case v10 view
-- @source Sakila film_list: GROUP_CONCAT with SEPARATOR, here ordered
-- @check SELECT * FROM v10
CREATE VIEW v10 AS SELECT fa.film_id, GROUP_CONCAT(a.last_name ORDER BY a.last_name, a.first_name SEPARATOR '; ') AS cast_list FROM film_actor fa JOIN actor a ON a.actor_id = fa.actor_id GROUP BY fa.film_id

-- @case v11 view
-- @source written for this corpus: GROUP_CONCAT DISTINCT ordered by an ENUM (MySQL orders by the label's position)
-- @untranslated ORDER BY an ENUM column
CREATE VIEW v11 AS SELECT c.category_id, GROUP_CONCAT(DISTINCT f.rating ORDER BY f.rating) AS ratings FROM film_category c JOIN film f ON f.film_id = c.film_id GROUP BY c.category_id

-- @case v12 view
-- @source Sakila sales_by_store: lax GROUP BY (columns functionally dependent on the grouped key)
-- @check SELECT * FROM v12
CREATE VIEW v12 AS SELECT s.store_id, a.address, c.city, COUNT(*) AS inventory_items FROM store s JOIN address a ON a.address_id = s.address_id JOIN city c ON c.city_id = a.city_id JOIN inventory i ON i.store_id = s.store_id GROUP BY s.store_id

-- @case v13 view
-- @source Stack Overflow idiom: "select non-aggregated columns with GROUP BY on the id" (lax GROUP BY on a join)
-- @check SELECT * FROM v13
CREATE VIEW v13 AS SELECT cu.customer_id, cu.first_name, cu.last_name, SUM(p.amount) AS paid, COUNT(p.payment_id) AS payments FROM customer cu JOIN payment p ON p.customer_id = cu.customer_id GROUP BY cu.customer_id

-- @case v14 view
-- @source written for this corpus: HAVING on an aggregate
-- @check SELECT * FROM v14
CREATE VIEW v14 AS SELECT customer_id, SUM(amount) AS total FROM payment GROUP BY customer_id HAVING SUM(amount) > 20

-- @case v15 view
-- @source written for this corpus: ORDER BY and LIMIT in a view
-- @check SELECT * FROM v15
CREATE VIEW v15 AS SELECT film_id, title FROM film ORDER BY title LIMIT 10

-- @case v16 view
-- @source MySQL manual, SELECT: "LIMIT 5,10" (offset, count)
-- @check SELECT * FROM v16
CREATE VIEW v16 AS SELECT film_id, title FROM film ORDER BY film_id LIMIT 5, 10

-- @case v17 view
-- @source written for this corpus: a view over a view (dependency order)
-- @check SELECT * FROM v17
CREATE VIEW v17 AS SELECT actor_id, UPPER(full_name) AS shout FROM v02

-- @case v18 view
-- @source written for this corpus: a view over two views
-- @check SELECT * FROM v18
CREATE VIEW v18 AS SELECT v01.film_id, v01.value, v07.kind FROM v01 JOIN v07 ON v07.film_id = v01.film_id

-- @case v19 view
-- @source tutorial idiom: DATE_FORMAT for reports (mysqltutorial.org "MySQL DATE_FORMAT")
-- @check SELECT * FROM v19
CREATE VIEW v19 AS SELECT rental_id, DATE_FORMAT(rental_date, '%Y-%m-%d') AS day, DATE_FORMAT(rental_date, '%H:%i') AS at FROM rental WHERE rental_id <= 40

-- @case v20 view
-- @source written for this corpus: DATE_FORMAT with month names and literal text
-- @check SELECT * FROM v20
CREATE VIEW v20 AS SELECT payment_id, DATE_FORMAT(payment_date, '%M %e, %Y at %T') AS said FROM payment WHERE payment_id <= 25

-- @case v21 view
-- @source tutorial idiom: DATEDIFF for rental length (Sakila reports)
-- @check SELECT * FROM v21
CREATE VIEW v21 AS SELECT rental_id, DATEDIFF(return_date, rental_date) AS days_out FROM rental WHERE rental_id <= 60

-- @case v22 view
-- @source Sakila get_customer_balance pattern: due date with DATE_ADD and INTERVAL
-- @check SELECT * FROM v22
CREATE VIEW v22 AS SELECT r.rental_id, DATE_ADD(r.rental_date, INTERVAL f.rental_duration DAY) AS due FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id WHERE r.rental_id <= 60

-- @case v23 view
-- @source written for this corpus: DATE_SUB with a month interval
-- @check SELECT * FROM v23
CREATE VIEW v23 AS SELECT payment_id, DATE_SUB(payment_date, INTERVAL 1 MONTH) AS month_before FROM payment WHERE payment_id <= 30

-- @case v24 view
-- @source written for this corpus: YEAR/MONTH/DAY parts for grouping
-- @check SELECT * FROM v24
CREATE VIEW v24 AS SELECT YEAR(payment_date) AS y, MONTH(payment_date) AS m, COUNT(*) AS n, SUM(amount) AS total FROM payment GROUP BY YEAR(payment_date), MONTH(payment_date)

-- @case v25 view
-- @source written for this corpus: DATE() of a DATETIME and a BETWEEN range
-- @check SELECT * FROM v25
CREATE VIEW v25 AS SELECT DATE(rental_date) AS day, COUNT(*) AS rentals FROM rental WHERE rental_date BETWEEN '2005-05-24' AND '2005-05-31' GROUP BY DATE(rental_date)

-- @case v26 view
-- @source written for this corpus: rentals not yet returned, compared with NOW()
-- @check SELECT * FROM v26
CREATE VIEW v26 AS SELECT rental_id, customer_id FROM rental WHERE return_date IS NULL AND rental_date < NOW()

-- @case v27 view
-- @source written for this corpus: CURDATE() in a predicate
-- @check SELECT * FROM v27
CREATE VIEW v27 AS SELECT customer_id FROM customer WHERE create_date < CURDATE() AND customer_id <= 10

-- @case v28 view
-- @source written for this corpus: LIKE (case-insensitive in MySQL's _ci collations)
-- @check SELECT * FROM v28
CREATE VIEW v28 AS SELECT film_id, title FROM film WHERE title LIKE '%dinosaur%' OR title LIKE 'ali%'

-- @case v29 view
-- @source written for this corpus: NOT LIKE with an escaped wildcard
-- @check SELECT * FROM v29
CREATE VIEW v29 AS SELECT customer_id, email FROM customer WHERE email NOT LIKE '%\_%' AND customer_id <= 40

-- @case v30 view
-- @source tutorial idiom: REGEXP filter
-- @check SELECT * FROM v30
CREATE VIEW v30 AS SELECT actor_id, last_name FROM actor WHERE last_name REGEXP '^(b|c)'

-- @case v31 view
-- @source written for this corpus: IN list and NOT IN subquery
-- @check SELECT * FROM v31
CREATE VIEW v31 AS SELECT film_id, title FROM film WHERE rating IN ('G', 'PG') AND film_id NOT IN (SELECT film_id FROM inventory)

-- @case v32 view
-- @source written for this corpus: EXISTS correlated subquery
-- @check SELECT * FROM v32
CREATE VIEW v32 AS SELECT c.customer_id FROM customer c WHERE EXISTS (SELECT 1 FROM payment p WHERE p.customer_id = c.customer_id AND p.amount > 9)

-- @case v33 view
-- @source written for this corpus: scalar subquery in the select list
-- @check SELECT * FROM v33
CREATE VIEW v33 AS SELECT f.film_id, (SELECT COUNT(*) FROM inventory i WHERE i.film_id = f.film_id) AS copies FROM film f

-- @case v34 view
-- @source written for this corpus: derived table in FROM
-- @check SELECT * FROM v34
CREATE VIEW v34 AS SELECT t.customer_id, t.total FROM (SELECT customer_id, SUM(amount) AS total FROM payment GROUP BY customer_id) t WHERE t.total > 15

-- @case v35 view
-- @source written for this corpus: UNION ALL of two selects
-- @check SELECT * FROM v35
CREATE VIEW v35 AS SELECT 'actor' AS kind, first_name AS name FROM actor WHERE actor_id < 5 UNION ALL SELECT 'staff', first_name FROM staff

-- @case v36 view
-- @source written for this corpus: LEFT JOIN with COALESCE of a missing side
-- @check SELECT * FROM v36
CREATE VIEW v36 AS SELECT f.film_id, COALESCE(COUNT(i.inventory_id), 0) AS copies FROM film f LEFT JOIN inventory i ON i.film_id = f.film_id GROUP BY f.film_id

-- @case v37 view
-- @source written for this corpus: string functions (LEFT, RIGHT, LENGTH, CHAR_LENGTH, REPLACE, TRIM)
-- @check SELECT * FROM v37
CREATE VIEW v37 AS SELECT film_id, LEFT(title, 3) AS l3, RIGHT(title, 2) AS r2, LENGTH(title) AS bytes, CHAR_LENGTH(title) AS chars, REPLACE(title, ' ', '_') AS snake, TRIM(CONCAT('  ', title, ' ')) AS trimmed FROM film WHERE film_id <= 30

-- @case v38 view
-- @source Sakila nicer_but_slower_film_list: UCASE/LCASE/SUBSTR capitalisation
-- @check SELECT * FROM v38
CREATE VIEW v38 AS SELECT actor_id, CONCAT(UCASE(SUBSTR(first_name, 1, 1)), LCASE(SUBSTR(first_name, 2))) AS nice FROM actor WHERE actor_id <= 50

-- @case v39 view
-- @source written for this corpus: LPAD/RPAD formatting
-- @check SELECT * FROM v39
CREATE VIEW v39 AS SELECT film_id, LPAD(film_id, 5, '0') AS code, RPAD(rating, 6, '.') AS padded FROM film WHERE film_id <= 30

-- @case v40 view
-- @source written for this corpus: ROUND/FLOOR/CEIL/ABS arithmetic
-- @check SELECT * FROM v40
CREATE VIEW v40 AS SELECT payment_id, ROUND(amount * 1.1, 1) AS with_tax, FLOOR(amount) AS f, CEIL(amount) AS c, ABS(amount - 5) AS dist FROM payment WHERE payment_id <= 30

-- @case v41 view
-- @source written for this corpus: GREATEST/LEAST (NULL when any argument is, in MySQL)
-- @check SELECT * FROM v41
CREATE VIEW v41 AS SELECT id, GREATEST(score, 50) AS at_least_50, LEAST(score, 80) AS at_most_80 FROM t_scores

-- @case v42 view
-- @source written for this corpus: NULLIF and the null-safe equality <=>
-- @check SELECT * FROM v42
CREATE VIEW v42 AS SELECT id, NULLIF(note, 'x') AS note, note <=> NULL AS no_note FROM t_scores

-- @case v43 view
-- @source written for this corpus: MOD and % operators
-- @check SELECT * FROM v43
CREATE VIEW v43 AS SELECT film_id, MOD(film_id, 7) AS m7, film_id % 3 AS m3 FROM film WHERE film_id <= 21

-- @case v44 view
-- @source written for this corpus: CAST to CHAR, SIGNED and DATE
-- @check SELECT * FROM v44
CREATE VIEW v44 AS SELECT rental_id, CAST(rental_id AS CHAR) AS txt, CAST(inventory_id AS SIGNED) AS inv, CAST(rental_date AS DATE) AS day FROM rental WHERE rental_id <= 20

-- @case v45 view
-- @source written for this corpus: LOCATE / INSTR
-- @check SELECT * FROM v45
CREATE VIEW v45 AS SELECT film_id, LOCATE('A', title) AS pos_a, INSTR(title, 'E') AS pos_e FROM film WHERE film_id <= 30

-- @case v46 view
-- @source Stack Overflow idiom: AVG per group (MySQL's DIV/decimal rules differ, here averaged amounts)
-- @untranslated division '/'
CREATE VIEW v46 AS SELECT customer_id, SUM(amount) / COUNT(*) AS mean_payment FROM payment GROUP BY customer_id

-- @case v47 view
-- @source written for this corpus: integer division DIV
-- @untranslated integer division DIV
CREATE VIEW v47 AS SELECT film_id, length DIV 60 AS hours FROM film

-- @case v48 view
-- @source Stack Overflow idiom: SUBSTRING_INDEX to split an email
-- @untranslated SUBSTRING_INDEX
CREATE VIEW v48 AS SELECT customer_id, SUBSTRING_INDEX(email, '@', -1) AS domain FROM customer

-- @case v49 view
-- @source written for this corpus: FORMAT() with thousands separators
-- @untranslated FORMAT
CREATE VIEW v49 AS SELECT customer_id, FORMAT(SUM(amount), 2) AS paid FROM payment GROUP BY customer_id

-- @case v50 view
-- @source MariaDB manual, window functions: ROW_NUMBER() OVER (PARTITION BY …)
-- @untranslated ROW_NUMBER
CREATE VIEW v50 AS SELECT payment_id, customer_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY payment_date) AS nth FROM payment

-- @case v51 view
-- @source MySQL manual, GROUP BY modifiers: WITH ROLLUP
-- @untranslated WITH ROLLUP
CREATE VIEW v51 AS SELECT staff_id, SUM(amount) AS total FROM payment GROUP BY staff_id WITH ROLLUP

-- @case v52 view
-- @source MySQL manual, full-text search: MATCH … AGAINST
-- @untranslated MATCH
CREATE VIEW v52 AS SELECT film_id FROM film_text WHERE MATCH(title, description) AGAINST ('drama')

-- @case v53 view
-- @source written for this corpus: bitwise operators on flags
-- @untranslated bitwise operator
CREATE VIEW v53 AS SELECT film_id, film_id & 3 AS low_bits FROM film

-- @case v54 view
-- @source written for this corpus: JSON_OBJECT for an API view
-- @untranslated JSON_OBJECT
CREATE VIEW v54 AS SELECT actor_id, JSON_OBJECT('first', first_name, 'last', last_name) AS doc FROM actor

-- @case v55 view
-- @source written for this corpus: CONVERT(… USING …)
-- @untranslated CONVERT(… USING charset)
CREATE VIEW v55 AS SELECT actor_id, CONVERT(last_name USING latin1) AS l1 FROM actor

-- @case v56 view
-- @source written for this corpus: GROUP_CONCAT ordered by an ENUM column (MySQL orders by the label's position)
-- @check SELECT * FROM v56
CREATE VIEW v56 AS SELECT fc.category_id, GROUP_CONCAT(f.rating ORDER BY f.rating DESC, f.film_id SEPARATOR '|') AS ratings FROM film_category fc JOIN film f ON f.film_id = fc.film_id GROUP BY fc.category_id

-- @case t01 trigger
-- @source MySQL manual, Trigger Syntax and Examples: ins_sum "SET @sum = @sum + NEW.amount" (user variable)
-- @untranslated user variable @sum
CREATE TRIGGER t01 BEFORE INSERT ON account FOR EACH ROW SET @sum = @sum + NEW.amount

-- @case t02 trigger
-- @source MySQL manual, Trigger Syntax and Examples: upd_check (clamps NEW.amount with IF/ELSEIF)
-- @do UPDATE account SET amount = -5 WHERE acct_num = 137; UPDATE account SET amount = 250 WHERE acct_num = 141
-- @check SELECT acct_num, amount FROM account
CREATE TRIGGER t02 BEFORE UPDATE ON account FOR EACH ROW
BEGIN
    IF NEW.amount < 0 THEN
        SET NEW.amount = 0;
    ELSEIF NEW.amount > 100 THEN
        SET NEW.amount = 100;
    END IF;
END

-- @case t03 trigger
-- @source tutorial idiom (mysqltutorial.org "before update trigger" audit table), on film's rental_rate
-- @do UPDATE film SET rental_rate = 1.99 WHERE film_id = 3; UPDATE film SET rental_rate = 1.99 WHERE film_id = 3; UPDATE film SET title = title WHERE film_id = 4
-- @check SELECT film_id, old_rate, new_rate FROM price_history
CREATE TRIGGER t03 AFTER UPDATE ON film FOR EACH ROW
BEGIN
    IF OLD.rental_rate <> NEW.rental_rate THEN
        INSERT INTO price_history (film_id, old_rate, new_rate) VALUES (OLD.film_id, OLD.rental_rate, NEW.rental_rate);
    END IF;
END

-- @case t04 trigger
-- @source tutorial idiom: counter table maintained by an AFTER INSERT trigger
-- @do INSERT INTO category (category_id, name) VALUES (101, 'Corpus A'), (102, 'Corpus B')
-- @check SELECT name, value FROM counters
CREATE TRIGGER t04 AFTER INSERT ON category FOR EACH ROW UPDATE counters SET value = value + 1 WHERE name = 'films'

-- @case t05 trigger
-- @source written for this corpus: AFTER DELETE audit with OLD values
-- @do INSERT INTO language (language_id, name) VALUES (50, 'Corpus'); DELETE FROM language WHERE language_id = 50
-- @check SELECT object_name, action, old_value, new_value FROM audit_log WHERE object_name = 'language'
CREATE TRIGGER t05 AFTER DELETE ON language FOR EACH ROW INSERT INTO audit_log (object_name, action, old_value) VALUES ('language', 'delete', CONCAT(OLD.language_id, ':', OLD.name))

-- @case t06 trigger
-- @source tutorial idiom: SIGNAL SQLSTATE '45000' to reject bad input (mysqltutorial.org "MySQL SIGNAL")
-- @do INSERT INTO t_scores VALUES (10, 50, NULL, NULL)
-- @check SELECT id, score FROM t_scores WHERE id = 10
-- @rejects INSERT INTO t_scores VALUES (11, 150, NULL, NULL)
CREATE TRIGGER t06 BEFORE INSERT ON t_scores FOR EACH ROW
BEGIN
    IF NEW.score > 100 THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'score out of range';
    END IF;
END

-- @case t07 trigger
-- @source written for this corpus: derived column filled by a BEFORE trigger with CASE
-- @do UPDATE t_scores SET score = score WHERE id IN (1, 2, 3, 4)
-- @check SELECT id, grade FROM t_scores
CREATE TRIGGER t07 BEFORE UPDATE ON t_scores FOR EACH ROW
BEGIN
    SET NEW.grade = CASE WHEN NEW.score IS NULL THEN NULL WHEN NEW.score >= 90 THEN 'A' WHEN NEW.score >= 70 THEN 'B' ELSE 'F' END;
END

-- @case t08 trigger
-- @source written for this corpus: local variable in a trigger body
-- @do INSERT INTO city (city_id, city, country_id) VALUES (901, '  corpus town ', 1)
-- @check SELECT city_id, city FROM city WHERE city_id = 901
CREATE TRIGGER t08 BEFORE INSERT ON city FOR EACH ROW
BEGIN
    DECLARE cleaned VARCHAR(50);
    SET cleaned = TRIM(NEW.city);
    SET NEW.city = CONCAT(UPPER(LEFT(cleaned, 1)), SUBSTRING(cleaned, 2));
END

-- @case t09 trigger
-- @source written for this corpus: AFTER UPDATE comparing OLD and NEW with <=> for NULLs
-- @do UPDATE address SET address2 = 'Suite 1' WHERE address_id = 7; UPDATE address SET address2 = NULL WHERE address_id = 7; UPDATE address SET phone = phone WHERE address_id = 8
-- @check SELECT object_name, action, old_value, new_value FROM audit_log WHERE object_name = 'address'
CREATE TRIGGER t09 AFTER UPDATE ON address FOR EACH ROW
BEGIN
    IF NOT (OLD.address2 <=> NEW.address2) THEN
        INSERT INTO audit_log (object_name, action, old_value, new_value) VALUES ('address', 'update', OLD.address2, NEW.address2);
    END IF;
END

-- @case t10 trigger
-- @source written for this corpus: BEFORE INSERT default from another table (SELECT … INTO)
-- @do INSERT INTO country (country_id, country) VALUES (901, 'Corpusland')
-- @check SELECT country_id, country FROM country WHERE country_id = 901
CREATE TRIGGER t10 BEFORE INSERT ON country FOR EACH ROW
BEGIN
    DECLARE n INT;
    SELECT COUNT(*) INTO n FROM country;
    SET NEW.country = CONCAT(NEW.country, ' #', n);
END

-- @case t11 trigger
-- @source written for this corpus: AFTER DELETE maintaining a counter
-- @do INSERT INTO t_scores VALUES (20, 60, NULL, NULL); DELETE FROM t_scores WHERE id = 20
-- @check SELECT name, value FROM counters WHERE name = 'deleted'
CREATE TRIGGER t11 AFTER DELETE ON t_scores FOR EACH ROW UPDATE counters SET value = value + 1 WHERE name = 'deleted'

-- @case t12 trigger
-- @source Stack Overflow idiom: "trigger to keep a modified-by column" using CURRENT_USER()
-- @untranslated CURRENT_USER
CREATE TRIGGER t12 BEFORE UPDATE ON staff FOR EACH ROW SET NEW.username = CURRENT_USER()

-- @case t13 trigger
-- @source written for this corpus: INSERT … ON DUPLICATE KEY UPDATE inside a trigger
-- @untranslated ON DUPLICATE KEY UPDATE
CREATE TRIGGER t13 AFTER INSERT ON film_category FOR EACH ROW INSERT INTO counters (name, value) VALUES ('films', 1) ON DUPLICATE KEY UPDATE value = value + 1

-- @case t14 trigger
-- @source written for this corpus: REPLACE INTO inside a trigger
-- @untranslated statement REPLACE
CREATE TRIGGER t14 AFTER INSERT ON film_actor FOR EACH ROW REPLACE INTO counters (name, value) VALUES ('cast', NEW.actor_id)

-- @case t15 trigger
-- @source written for this corpus: INSERT IGNORE inside a trigger
-- @untranslated INSERT IGNORE
CREATE TRIGGER t15 AFTER INSERT ON inventory FOR EACH ROW INSERT IGNORE INTO counters (name, value) VALUES ('inv', 1)

-- @case t16 trigger
-- @source written for this corpus: a CONTINUE HANDLER FOR SQLEXCEPTION swallowing errors
-- @untranslated only NOT FOUND handlers
CREATE TRIGGER t16 AFTER INSERT ON store FOR EACH ROW
BEGIN
    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
    INSERT INTO counters (name, value) VALUES ('stores', 1);
END

-- @case t17 trigger
-- @source written for this corpus: LAST_INSERT_ID() in a trigger
-- @untranslated LAST_INSERT_ID
CREATE TRIGGER t17 AFTER INSERT ON payment FOR EACH ROW INSERT INTO audit_log (object_name, action, new_value) VALUES ('payment', 'insert', LAST_INSERT_ID())

-- @case t18 trigger
-- @source written for this corpus: a WHILE loop building a string
-- @do INSERT INTO t_scores VALUES (30, 3, NULL, NULL)
-- @check SELECT id, note FROM t_scores WHERE id = 30
CREATE TRIGGER t18 BEFORE INSERT ON t_scores FOR EACH ROW
BEGIN
    DECLARE i INT DEFAULT 0;
    DECLARE s VARCHAR(20) DEFAULT '';
    IF NEW.id = 30 THEN
        WHILE i < NEW.score DO
            SET s = CONCAT(s, '*');
            SET i = i + 1;
        END WHILE;
        SET NEW.note = s;
    END IF;
END

-- @case t19 trigger
-- @source written for this corpus: a REPEAT … UNTIL loop
-- @do UPDATE counters SET value = 5 WHERE name = 'films'
-- @check SELECT name, value FROM counters
CREATE TRIGGER t19 BEFORE UPDATE ON counters FOR EACH ROW
BEGIN
    DECLARE n INT DEFAULT 0;
    IF NEW.value = 5 THEN
        REPEAT
            SET n = n + 2;
        UNTIL n >= 6 END REPEAT;
        SET NEW.value = NEW.value + n;
    END IF;
END

-- @case t20 trigger
-- @source written for this corpus: a labelled LOOP with LEAVE and ITERATE
-- @do INSERT INTO t_scores VALUES (40, 10, NULL, NULL)
-- @check SELECT id, score, note FROM t_scores WHERE id = 40
CREATE TRIGGER t20 BEFORE INSERT ON t_scores FOR EACH ROW
BEGIN
    DECLARE i INT DEFAULT 0;
    DECLARE evens INT DEFAULT 0;
    IF NEW.id = 40 THEN
        counting: LOOP
            SET i = i + 1;
            IF i > NEW.score THEN
                LEAVE counting;
            END IF;
            IF MOD(i, 2) = 1 THEN
                ITERATE counting;
            END IF;
            SET evens = evens + 1;
        END LOOP counting;
        SET NEW.note = CONCAT('evens=', evens);
    END IF;
END

-- @case f01 function
-- @source MySQL manual, CREATE FUNCTION: hello(s) RETURNS CONCAT('Hello, ', s, '!')
-- @check SELECT f01('world'), f01(NULL)
CREATE FUNCTION f01(s CHAR(20)) RETURNS CHAR(50) DETERMINISTIC RETURN CONCAT('Hello, ', s, '!')

-- @case f02 function
-- @source Sakila inventory_in_stock pattern: COUNT INTO and IF/RETURN
-- @check SELECT film_id, f02(film_id) FROM film WHERE film_id <= 40
CREATE FUNCTION f02(p_film_id INT) RETURNS INT READS SQL DATA
BEGIN
    DECLARE n INT;
    SELECT COUNT(*) INTO n FROM inventory WHERE film_id = p_film_id;
    RETURN n;
END

-- @case f03 function
-- @source tutorial idiom (mysqltutorial.org "CustomerLevel" stored function, IF/ELSEIF), on payments
-- @check SELECT customer_id, f03(customer_id) FROM customer WHERE customer_id <= 50
CREATE FUNCTION f03(p_customer_id INT) RETURNS VARCHAR(20) READS SQL DATA
BEGIN
    DECLARE total DECIMAL(10,2);
    DECLARE lvl VARCHAR(20);
    SELECT IFNULL(SUM(amount), 0) INTO total FROM payment WHERE customer_id = p_customer_id;
    IF total > 30 THEN
        SET lvl = 'PLATINUM';
    ELSEIF total >= 10 THEN
        SET lvl = 'GOLD';
    ELSE
        SET lvl = 'SILVER';
    END IF;
    RETURN lvl;
END

-- @case f04 function
-- @source written for this corpus: CASE statement in a function
-- @check SELECT film_id, f04(rating) FROM film WHERE film_id <= 40
CREATE FUNCTION f04(r VARCHAR(10)) RETURNS VARCHAR(20) DETERMINISTIC
BEGIN
    CASE r
        WHEN 'G' THEN RETURN 'general';
        WHEN 'PG' THEN RETURN 'parental guidance';
        ELSE RETURN 'restricted';
    END CASE;
END

-- @case f05 function
-- @source Sakila inventory_held_by_customer: EXIT HANDLER FOR NOT FOUND RETURN NULL
-- @check SELECT film_id, f05(film_id) FROM film WHERE film_id <= 40
CREATE FUNCTION f05(p_film_id INT) RETURNS VARCHAR(255) READS SQL DATA
BEGIN
    DECLARE t VARCHAR(255);
    DECLARE EXIT HANDLER FOR NOT FOUND RETURN 'none';
    SELECT title INTO t FROM film WHERE film_id = p_film_id AND film_id % 2 = 0;
    RETURN t;
END

-- @case f06 function
-- @source MySQL manual, cursors example (curdemo: FETCH in a loop with a done flag), summing amounts
-- @check SELECT customer_id, f06(customer_id) FROM customer WHERE customer_id <= 30
CREATE FUNCTION f06(p_customer_id INT) RETURNS DECIMAL(10,2) READS SQL DATA
BEGIN
    DECLARE done INT DEFAULT FALSE;
    DECLARE a DECIMAL(5,2);
    DECLARE total DECIMAL(10,2) DEFAULT 0;
    DECLARE cur CURSOR FOR SELECT amount FROM payment WHERE customer_id = p_customer_id;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
    OPEN cur;
    read_loop: LOOP
        FETCH cur INTO a;
        IF done THEN
            LEAVE read_loop;
        END IF;
        SET total = total + a;
    END LOOP;
    CLOSE cur;
    RETURN total;
END

-- @case f07 function
-- @source written for this corpus: WHILE loop (factorial)
-- @check SELECT f07(0), f07(1), f07(5), f07(10)
CREATE FUNCTION f07(n INT) RETURNS BIGINT DETERMINISTIC
BEGIN
    DECLARE r BIGINT DEFAULT 1;
    WHILE n > 1 DO
        SET r = r * n;
        SET n = n - 1;
    END WHILE;
    RETURN r;
END

-- @case f08 function
-- @source written for this corpus: a function calling a function
-- @check SELECT f08('corpus')
CREATE FUNCTION f08(s VARCHAR(20)) RETURNS VARCHAR(100) DETERMINISTIC RETURN CONCAT('[', f01(s), ']')

-- @case f09 function
-- @source written for this corpus: date arithmetic in a function (due date)
-- @check SELECT rental_id, f09(rental_id) FROM rental WHERE rental_id <= 30
CREATE FUNCTION f09(p_rental_id INT) RETURNS DATETIME READS SQL DATA
BEGIN
    DECLARE due DATETIME;
    SELECT DATE_ADD(r.rental_date, INTERVAL f.rental_duration DAY) INTO due
      FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id
     WHERE r.rental_id = p_rental_id;
    RETURN due;
END

-- @case f10 function
-- @source written for this corpus: BOOLEAN function with RETURN TRUE/FALSE
-- @check SELECT customer_id, f10(customer_id) FROM customer WHERE customer_id <= 30
CREATE FUNCTION f10(p_customer_id INT) RETURNS BOOLEAN READS SQL DATA
BEGIN
    IF EXISTS (SELECT 1 FROM rental WHERE customer_id = p_customer_id AND return_date IS NULL) THEN
        RETURN TRUE;
    END IF;
    RETURN FALSE;
END

-- @case f11 function
-- @source written for this corpus: DEFAULT-initialised variables and arithmetic
-- @check SELECT f11(3, 4), f11(10, 0)
CREATE FUNCTION f11(a INT, b INT) RETURNS INT DETERMINISTIC
BEGIN
    DECLARE s, d INT DEFAULT 0;
    SET s = a + b, d = a - b;
    RETURN s * d;
END

-- @case f12 function
-- @source written for this corpus: REPEAT loop counting digits (FLOOR(n / 10): '/' is refused, see v46)
-- @untranslated division '/'
CREATE FUNCTION f12(n INT) RETURNS INT DETERMINISTIC
BEGIN
    DECLARE digits INT DEFAULT 0;
    REPEAT
        SET digits = digits + 1;
        SET n = FLOOR(n / 10);
    UNTIL n = 0 END REPEAT;
    RETURN digits;
END

-- @case f13 function
-- @source written for this corpus: SELECT … INTO two variables
-- @check SELECT f13(1), f13(2)
CREATE FUNCTION f13(p_store_id INT) RETURNS VARCHAR(100) READS SQL DATA
BEGIN
    DECLARE fn, ln VARCHAR(45);
    SELECT s.first_name, s.last_name INTO fn, ln FROM staff s JOIN store st ON st.manager_staff_id = s.staff_id WHERE st.store_id = p_store_id;
    RETURN CONCAT(ln, ', ', fn);
END

-- @case f14 function
-- @source written for this corpus: nested BEGIN … END block
-- @check SELECT f14(5)
CREATE FUNCTION f14(n INT) RETURNS INT DETERMINISTIC
BEGIN
    DECLARE r INT DEFAULT 0;
    BEGIN
        SET r = n * 2;
    END;
    RETURN r + 1;
END

-- @case f15 function
-- @source Sakila get_customer_balance pattern: TO_DAYS differences with IF inside SUM
-- @check SELECT customer_id, f15(customer_id) FROM customer WHERE customer_id <= 40
CREATE FUNCTION f15(p_customer_id INT) RETURNS INT READS SQL DATA
BEGIN
    DECLARE late INT;
    SELECT IFNULL(SUM(IF(TO_DAYS(r.return_date) - TO_DAYS(r.rental_date) > f.rental_duration, 1, 0)), 0) INTO late
      FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id
     WHERE r.customer_id = p_customer_id;
    RETURN late;
END

-- @case f16 function
-- @source written for this corpus: a string helper (slug) with REPLACE/LOWER/TRIM
-- @check SELECT film_id, f16(title) FROM film WHERE film_id <= 20
CREATE FUNCTION f16(s VARCHAR(255)) RETURNS VARCHAR(255) DETERMINISTIC NO SQL RETURN LOWER(REPLACE(TRIM(s), ' ', '-'))

-- @case v57 view
-- @source written for this corpus: a view calling one of the database's stored functions (f16)
-- @check SELECT * FROM v57
CREATE VIEW v57 AS SELECT film_id, f16(title) AS slug FROM film WHERE film_id <= 10

-- @case f17 function
-- @source Stack Overflow idiom: a function using a session variable as a counter
-- @untranslated user variable @calls
CREATE FUNCTION f17() RETURNS INT NO SQL
BEGIN
    SET @calls = IFNULL(@calls, 0) + 1;
    RETURN @calls;
END

-- @case f18 function
-- @source written for this corpus: FOUND_ROWS() after a query
-- @untranslated FOUND_ROWS
CREATE FUNCTION f18() RETURNS INT READS SQL DATA
BEGIN
    DECLARE n INT;
    SELECT FOUND_ROWS() INTO n;
    RETURN n;
END

-- @case f19 function
-- @source written for this corpus: ROW_COUNT() after an UPDATE
-- @untranslated ROW_COUNT
CREATE FUNCTION f19(p INT) RETURNS INT READS SQL DATA
BEGIN
    DECLARE n INT;
    SELECT COUNT(*) INTO n FROM counters WHERE value > p;
    RETURN ROW_COUNT();
END

-- @case f20 function
-- @source written for this corpus: GET DIAGNOSTICS in a handler
-- @untranslated GET
CREATE FUNCTION f20() RETURNS VARCHAR(100) READS SQL DATA
BEGIN
    DECLARE msg VARCHAR(100) DEFAULT 'ok';
    GET DIAGNOSTICS CONDITION 1 msg = MESSAGE_TEXT;
    RETURN msg;
END

-- @case f21 function
-- @source written for this corpus: SHA1/SHA2 hashing
-- @untranslated SHA2
CREATE FUNCTION f21(s VARCHAR(100)) RETURNS CHAR(64) DETERMINISTIC RETURN SHA2(s, 256)

-- @case f22 function
-- @source written for this corpus: an EXIT HANDLER FOR SQLEXCEPTION
-- @untranslated only NOT FOUND handlers
CREATE FUNCTION f22(p INT) RETURNS INT READS SQL DATA
BEGIN
    DECLARE EXIT HANDLER FOR SQLEXCEPTION RETURN -1;
    RETURN p;
END

-- @case p01 procedure
-- @source MySQL manual, CREATE PROCEDURE: citycount(IN country CHAR(3), OUT cities INT) (adapted to Sakila's city)
-- @check-mysql CALL p01(1, @n); SELECT @n
-- @check-pg CALL p01(1, NULL)
CREATE PROCEDURE p01(IN p_country_id INT, OUT cities INT)
BEGIN
    SELECT COUNT(*) INTO cities FROM city WHERE country_id = p_country_id;
END

-- @case p02 procedure
-- @source tutorial idiom (mysqltutorial.org "GetCustomerLevel" with an OUT parameter and IF/ELSEIF)
-- @check-mysql CALL p02(1, @lvl); SELECT @lvl
-- @check-pg CALL p02(1, NULL)
CREATE PROCEDURE p02(IN p_customer_id INT, OUT p_level VARCHAR(20))
BEGIN
    DECLARE total DECIMAL(10,2) DEFAULT 0;
    SELECT SUM(amount) INTO total FROM payment WHERE customer_id = p_customer_id;
    IF total > 30 THEN
        SET p_level = 'PLATINUM';
    ELSEIF total >= 10 THEN
        SET p_level = 'GOLD';
    ELSE
        SET p_level = 'SILVER';
    END IF;
END

-- @case p03 procedure
-- @source tutorial idiom: INOUT counter (mysqltutorial.org "SetCounter")
-- @check-mysql SET @c = 1; CALL p03(@c, 5); SELECT @c
-- @check-pg CALL p03(1, 5)
CREATE PROCEDURE p03(INOUT counter INT, IN inc INT)
BEGIN
    SET counter = counter + inc;
END

-- @case p04 procedure
-- @source written for this corpus: a procedure that writes (INSERT) and reports through OUT
-- @check-mysql CALL p04('corpus-p04', @id); SELECT @id; SELECT object_name, action FROM audit_log WHERE object_name = 'corpus-p04'
-- @check-pg CALL p04('corpus-p04', NULL); SELECT object_name, action FROM audit_log WHERE object_name = 'corpus-p04'
CREATE PROCEDURE p04(IN p_name VARCHAR(40), OUT p_count INT)
BEGIN
    INSERT INTO audit_log (object_name, action) VALUES (p_name, 'call');
    SELECT COUNT(*) INTO p_count FROM audit_log WHERE object_name = p_name;
END

-- @case p05 procedure
-- @source MySQL manual, cursors example (curdemo), adapted: copy a cursor's rows into another table
-- @check-mysql CALL p05(); SELECT object_name, action, new_value FROM audit_log WHERE action = 'cursor'
-- @check-pg CALL p05(); SELECT object_name, action, new_value FROM audit_log WHERE action = 'cursor'
CREATE PROCEDURE p05()
BEGIN
    DECLARE done INT DEFAULT FALSE;
    DECLARE n VARCHAR(25);
    DECLARE cur1 CURSOR FOR SELECT name FROM category WHERE category_id <= 3 ORDER BY category_id;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
    OPEN cur1;
    read_loop: LOOP
        FETCH cur1 INTO n;
        IF done THEN
            LEAVE read_loop;
        END IF;
        INSERT INTO audit_log (object_name, action, new_value) VALUES ('category', 'cursor', n);
    END LOOP;
    CLOSE cur1;
END

-- @case p06 procedure
-- @source written for this corpus: LEAVE of the procedure's own label as an early return
-- @check-mysql CALL p06(0, @r); SELECT @r; CALL p06(4, @r); SELECT @r
-- @check-pg CALL p06(0, NULL); CALL p06(4, NULL)
CREATE PROCEDURE p06(IN n INT, OUT r VARCHAR(20))
proc: BEGIN
    SET r = 'zero';
    IF n = 0 THEN
        LEAVE proc;
    END IF;
    SET r = CONCAT('n=', n);
END

-- @case p07 procedure
-- @source written for this corpus: SIGNAL to reject an argument
-- @check-mysql CALL p07(5, @r); SELECT @r
-- @check-pg CALL p07(5, NULL)
-- @rejects CALL p07(-1, NULL)
CREATE PROCEDURE p07(IN n INT, OUT r INT)
BEGIN
    IF n < 0 THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative';
    END IF;
    SET r = n * n;
END

-- @case p08 procedure
-- @source Sakila film_in_stock: a result set (PostgreSQL: a cursor in result_set_1, named by the caller and fetched in the transaction; MariaDB's side selects the same name so both row lists match)
-- @check-mysql SELECT 'p08_rs'; CALL p08(1)
-- @check-pg BEGIN; CALL p08(1, 'p08_rs'); FETCH ALL FROM p08_rs; COMMIT
CREATE PROCEDURE p08(IN p_film_id INT)
BEGIN
    SELECT inventory_id FROM inventory WHERE film_id = p_film_id;
END

-- @case p09 procedure
-- @source MySQL manual, PREPARE/EXECUTE in a procedure (dynamic SQL)
-- @untranslated user variable @s
CREATE PROCEDURE p09(IN tbl VARCHAR(64))
BEGIN
    SET @s = CONCAT('SELECT COUNT(*) FROM ', tbl);
    PREPARE stmt FROM @s;
    EXECUTE stmt;
    DEALLOCATE PREPARE stmt;
END

-- @case p10 procedure
-- @source Sakila rewards_report: CREATE TEMPORARY TABLE inside a procedure, filled, counted into an OUT parameter, dropped
-- @check-mysql CALL p10(@n); SELECT @n
-- @check-pg CALL p10(NULL)
CREATE PROCEDURE p10(OUT n INT)
BEGIN
    CREATE TEMPORARY TABLE tmp_c (customer_id INT NOT NULL PRIMARY KEY);
    INSERT INTO tmp_c SELECT customer_id FROM customer WHERE store_id = 1;
    SELECT COUNT(*) INTO n FROM tmp_c;
    DROP TABLE tmp_c;
END

-- @case p11 procedure
-- @source written for this corpus: START TRANSACTION/COMMIT inside a procedure
-- @untranslated START
CREATE PROCEDURE p11()
BEGIN
    START TRANSACTION;
    UPDATE counters SET value = value + 1 WHERE name = 'films';
    COMMIT;
END

-- @case p12 procedure
-- @source written for this corpus: a procedure returning two result sets (PostgreSQL: two cursors, in the body's order)
-- @check-mysql SELECT 'p12_a', 'p12_b'; CALL p12()
-- @check-pg BEGIN; CALL p12('p12_a', 'p12_b'); FETCH ALL FROM p12_a; FETCH ALL FROM p12_b; COMMIT
CREATE PROCEDURE p12()
BEGIN
    SELECT COUNT(*) FROM actor;
    SELECT COUNT(*) FROM film;
END

-- @case p13 procedure
-- @source written for this corpus: UPDATE … LIMIT
-- @untranslated LIMIT
CREATE PROCEDURE p13()
BEGIN
    UPDATE counters SET value = 0 LIMIT 1;
END

-- @case p14 procedure
-- @source written for this corpus: DO SLEEP() for pacing
-- @untranslated statement DO
CREATE PROCEDURE p14()
BEGIN
    DO SLEEP(0);
END

-- @case t21 trigger
-- @source written for this corpus: two BEFORE INSERT triggers whose order matters, this one created first but named last (MySQL fires in creation order, PostgreSQL in name order)
-- @do INSERT INTO trigger_order (id) VALUES (1)
-- @check SELECT id, path FROM trigger_order WHERE id = 1
CREATE TRIGGER zz_first BEFORE INSERT ON trigger_order FOR EACH ROW SET NEW.path = CONCAT(NEW.path, 'z')

-- @case t22 trigger
-- @source written for this corpus: the second BEFORE INSERT trigger, created second but named first
-- @do INSERT INTO trigger_order (id) VALUES (2)
-- @check SELECT id, path FROM trigger_order WHERE id = 2
CREATE TRIGGER aa_second BEFORE INSERT ON trigger_order FOR EACH ROW SET NEW.path = CONCAT(NEW.path, 'a')

-- @case t23 trigger
-- @source MySQL manual, CREATE TRIGGER (FOLLOWS | PRECEDES): a third BEFORE INSERT trigger placed before the first with PRECEDES
-- @do INSERT INTO trigger_order (id) VALUES (3)
-- @check SELECT id, path FROM trigger_order WHERE id = 3
CREATE TRIGGER mm_third BEFORE INSERT ON trigger_order FOR EACH ROW PRECEDES zz_first SET NEW.path = CONCAT(NEW.path, 'm')

-- Real-world idioms (r cases). Each is written for this corpus on Sakila's tables (or the rw_ tables of
-- corpus-setup.sql) after a construct seen in a public MySQL schema: @source names the repository and file where the
-- construct was seen. The bodies are not copies of those files (their text is not included here).

-- @case r01 view
-- @source construct seen in Samuel-Falcao/Projeto-Final---Banco-de-Dados views.sql: TIMESTAMPDIFF in a view (here DAY and HOUR, with NULL ends)
-- @check SELECT * FROM r01
CREATE VIEW r01 AS SELECT rental_id, TIMESTAMPDIFF(DAY, rental_date, return_date) AS days_out, TIMESTAMPDIFF(HOUR, rental_date, return_date) AS hours_out FROM rental WHERE rental_id <= 300

-- @case r02 view
-- @source construct seen in BlaxCloud/MyWorks mySql/Представления_курсовая.sql: TIMESTAMPDIFF(YEAR, birthday, NOW()) (here MONTH and YEAR, negative spans too)
-- @check SELECT * FROM r02
CREATE VIEW r02 AS SELECT r.rental_id, TIMESTAMPDIFF(MONTH, c.create_date, r.rental_date) AS months_as_customer, TIMESTAMPDIFF(YEAR, '1990-06-15', r.rental_date) AS years FROM rental r JOIN customer c ON c.customer_id = r.customer_id WHERE r.rental_id <= 300

-- @case r03 view
-- @source construct seen in sergiotrrs/Ch38-sesiones mysql/mysql03/20240418_1236_views.sql: age as FLOOR(DATEDIFF(CURDATE(), d) / 365)
-- @untranslated division '/'
CREATE VIEW r03 AS SELECT customer_id, FLOOR(DATEDIFF(CURDATE(), create_date) / 365) AS years_as_customer FROM customer

-- @case r04 function
-- @source construct seen in datacharmer/test_db objects.sql (current_manager): RETURN of a scalar subquery with LIMIT 1 calling another stored function
-- @check SELECT store_id, r04(store_id) FROM store
CREATE FUNCTION r04(p_store INT) RETURNS VARCHAR(91) READS SQL DATA
BEGIN
    RETURN (SELECT CONCAT(s.first_name, ' ', s.last_name) FROM staff s JOIN store st ON st.manager_staff_id = s.staff_id WHERE st.store_id = p_store LIMIT 1);
END

-- @case r05 function
-- @source construct seen in datacharmer/test_db objects.sql (emp_dept_id): SET v = (SELECT MAX(…)), then RETURN (SELECT … WHERE d = v LIMIT 1)
-- @check SELECT customer_id, r05(customer_id) FROM customer WHERE customer_id <= 40
CREATE FUNCTION r05(p_customer INT) RETURNS INT READS SQL DATA
BEGIN
    DECLARE last_date DATETIME;
    SET last_date = (SELECT MAX(rental_date) FROM rental WHERE customer_id = p_customer);
    RETURN (SELECT inventory_id FROM rental WHERE customer_id = p_customer AND rental_date = last_date ORDER BY rental_id LIMIT 1);
END

-- @case r06 function
-- @source construct seen in datacharmer/test_db objects.sql (emp_dept_id): a local copied into a user variable (SET @max_date = max_date)
-- @untranslated user variable @last_date
CREATE FUNCTION r06(p_customer INT) RETURNS DATETIME READS SQL DATA
BEGIN
    DECLARE last_date DATETIME;
    SET last_date = (SELECT MAX(rental_date) FROM rental WHERE customer_id = p_customer);
    SET @last_date = last_date;
    RETURN last_date;
END

-- @case r07 function
-- @source construct seen in ktaranov/sqlserver-kit User_Defined_Function/udf_Haversine.sql (MySQL syntax): great-circle distance with ACOS, COS, SIN, RADIANS and ROUND(x, 1) on DOUBLE
-- @check SELECT r07(48.8566, 2.3522, 51.5074, -0.1278), r07(40.7128, -74.006, 34.0522, -118.2437), r07(0, 0, 0, 0)
CREATE FUNCTION r07(lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE) RETURNS DOUBLE DETERMINISTIC
BEGIN
    DECLARE dist DOUBLE;
    SET dist = ROUND(ACOS(LEAST(1, COS(RADIANS(lat1)) * COS(RADIANS(lat2)) * COS(RADIANS(lon2) - RADIANS(lon1)) + SIN(RADIANS(lat1)) * SIN(RADIANS(lat2)))) * 6372.8, 1);
    RETURN dist;
END

-- @case r08 function
-- @source construct seen in zackad-vault/snippet sql/get_distance.sql: degrees to radians as pi() * x / 180
-- @untranslated division '/'
CREATE FUNCTION r08(lat1 DOUBLE, lat2 DOUBLE) RETURNS DOUBLE DETERMINISTIC
BEGIN
    RETURN SIN(PI() * lat1 / 180) * SIN(PI() * lat2 / 180);
END

-- @case r09 function
-- @source construct seen in acasadoalonso/SWiface-PHP getdistance.sql: ATAN2(SQRT(a), SQRT(1 - a)) with POW and SIN (written without division)
-- @check SELECT r09(0.1), r09(0.25), r09(0)
CREATE FUNCTION r09(a DOUBLE) RETURNS DOUBLE DETERMINISTIC
BEGIN
    RETURN ROUND(2 * ATAN2(SQRT(a), SQRT(1 - a)) * POW(SIN(0.5), 2), 6);
END

-- @case r10 trigger
-- @source construct seen in jggabayno/dockerized-express-mysql-api express/dem/src/services/mysql/schema/auto_user_updated_at.sql: BEFORE UPDATE … SET NEW.updated_at = NOW()
-- @do INSERT INTO rw_items (id, name) VALUES (10, 'ten'); UPDATE rw_items SET qty = 5 WHERE id = 10
-- @check SELECT id, qty, updated_at >= '2020-01-01' FROM rw_items WHERE id = 10
CREATE TRIGGER r10 BEFORE UPDATE ON rw_items FOR EACH ROW SET NEW.updated_at = NOW()

-- @case r11 trigger
-- @source construct seen in liberdade-organizacao/no-backend-api resources/sql/migrations/20230126-002-update_timestamps.up.sql: a BEFORE UPDATE trigger that UPDATEs its own table (MySQL refuses the statement, error 1442; PostgreSQL recurses until its stack limit): both refuse
-- @check SELECT id, touched_at FROM rw_touch
-- @rejects UPDATE rw_touch SET id = 1 WHERE id = 1
CREATE TRIGGER r11 BEFORE UPDATE ON rw_touch FOR EACH ROW
BEGIN
    UPDATE rw_touch SET touched_at = NOW() WHERE id = OLD.id;
END

-- @case r12 trigger
-- @source construct seen in lucasmoten/ods19 cmd/odrive-database/schema/triggers.acmpart.ti_acmpart.create.sql: validation in a BEFORE INSERT trigger, SIGNAL SQLSTATE '45000' with a CONCAT message
-- @do INSERT INTO rw_items (id, name, qty) VALUES (12, 'twelve', 3)
-- @check SELECT id, qty FROM rw_items WHERE id = 12
-- @rejects INSERT INTO rw_items (id, name, qty) VALUES (13, 'bad', -1)
CREATE TRIGGER r12 BEFORE INSERT ON rw_items FOR EACH ROW
BEGIN
    IF NEW.qty < 0 THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative quantity';
    END IF;
END

-- @case r13 trigger
-- @source construct seen in oaregithub/oare_sql src/triggers/before_update/before_sign_update.sql: a logging row with CONCAT of COALESCE(column, 'NULL') values (here AFTER INSERT)
-- @do INSERT INTO rw_items (id, name, qty) VALUES (14, NULL, 2)
-- @check SELECT object_name, action, new_value FROM audit_log WHERE object_name = 'rw_items' AND new_value LIKE 'id=14,%'
CREATE TRIGGER r13 AFTER INSERT ON rw_items FOR EACH ROW
    INSERT INTO audit_log (object_name, action, new_value) VALUES ('rw_items', 'INSERT', CONCAT('id=', NEW.id, ',name=', COALESCE(NEW.name, 'NULL'), ',qty=', NEW.qty))

-- @case r14 trigger
-- @source construct seen in oaregithub/oare_sql sql/triggers/before_update/before_dictionary_spelling_epigraphy_update.sql: auditing an UPDATE with old and new values (here only when the value changed, compared NULL-safe)
-- @do INSERT INTO rw_items (id, name, qty) VALUES (15, 'fifteen', 1); UPDATE rw_items SET qty = 4 WHERE id = 15; UPDATE rw_items SET name = 'xv' WHERE id = 15
-- @check SELECT action, old_value, new_value FROM audit_log WHERE object_name = 'rw_items.qty' AND new_value = '4'
CREATE TRIGGER r14 AFTER UPDATE ON rw_items FOR EACH ROW
BEGIN
    IF NOT (OLD.qty <=> NEW.qty) THEN
        INSERT INTO audit_log (object_name, action, old_value, new_value) VALUES ('rw_items.qty', 'UPDATE', OLD.qty, NEW.qty);
    END IF;
END

-- @case r15 trigger
-- @source construct seen in lucasmoten/ods19 cmd/odrive-database/schema/triggers.acmpart.ti_acmpart.create.sql: an archive table written by a trigger (here AFTER DELETE with OLD values)
-- @do INSERT INTO rw_items (id, name, qty) VALUES (16, 'sixteen', 6); DELETE FROM rw_items WHERE id = 16
-- @check SELECT id, name, qty, removed_at >= '2020-01-01' FROM rw_items_archive WHERE id = 16
CREATE TRIGGER r15 AFTER DELETE ON rw_items FOR EACH ROW
    INSERT INTO rw_items_archive (id, name, qty, removed_at) VALUES (OLD.id, OLD.name, OLD.qty, NOW())

-- @case r16 trigger
-- @source construct seen in lucasmoten/ods19 cmd/odrive-database/schema/triggers.acmpart.ti_acmpart.create.sql: "force values on create" in a BEFORE INSERT trigger (here a default name from NULLIF(TRIM(…), ''))
-- @do INSERT INTO rw_items (id, name) VALUES (17, '   '); INSERT INTO rw_items (id, name) VALUES (18, ' Blue Box ')
-- @check SELECT id, name FROM rw_items WHERE id IN (17, 18)
CREATE TRIGGER r16 BEFORE INSERT ON rw_items FOR EACH ROW SET NEW.name = IFNULL(NULLIF(TRIM(NEW.name), ''), 'unnamed')

-- @case r17 trigger
-- @source construct seen in lucasmoten/ods19 cmd/odrive-database/schema/triggers.acmpart.ti_acmpart.create.sql: a UUID key set by a BEFORE INSERT trigger (SET NEW.id := …UUID())
-- @do INSERT INTO rw_items (id, name) VALUES (19, 'nineteen')
-- @check SELECT id, CHAR_LENGTH(uuid), uuid LIKE '%-%-%-%-%' FROM rw_items WHERE id = 19
CREATE TRIGGER r17 BEFORE INSERT ON rw_items FOR EACH ROW SET NEW.uuid = UUID()

-- @case r18 trigger
-- @source construct seen in lucasmoten/ods19 (modifiedBy/createdBy columns) and common audit triggers: the connected user with USER()
-- @untranslated USER
CREATE TRIGGER r18 BEFORE INSERT ON rw_users FOR EACH ROW SET NEW.created_by = USER()

-- @case r19 trigger
-- @source construct seen in slug columns kept by triggers (e.g. lucasmoten/ods19's computed columns on create): LOWER(REPLACE(TRIM(name), ' ', '-')), fired after r16 (same event: MySQL's creation order)
-- @do INSERT INTO rw_items (id, name) VALUES (20, ' Red  Chair '); INSERT INTO rw_items (id, name) VALUES (21, NULL)
-- @check SELECT id, name, slug FROM rw_items WHERE id IN (20, 21)
CREATE TRIGGER r19 BEFORE INSERT ON rw_items FOR EACH ROW SET NEW.slug = LOWER(REPLACE(TRIM(NEW.name), ' ', '-'))

-- @case r20 procedure
-- @source construct seen in datacharmer/test_db objects.sql (show_departments): DROP TABLE IF EXISTS, CREATE TEMPORARY TABLE with a KEY, INSERT … SELECT … GROUP BY, a result set joining it, DROP TABLE
-- @check-mysql SELECT 'r20_rs'; CALL r20()
-- @check-pg BEGIN; CALL r20('r20_rs'); FETCH ALL FROM r20_rs; COMMIT
CREATE PROCEDURE r20()
MODIFIES SQL DATA
BEGIN
    DROP TABLE IF EXISTS last_rental;
    CREATE TEMPORARY TABLE last_rental (
        customer_id INT NOT NULL PRIMARY KEY,
        last_date DATETIME NOT NULL,
        KEY (last_date)
    );
    INSERT INTO last_rental SELECT customer_id, MAX(rental_date) FROM rental GROUP BY customer_id;
    SELECT c.store_id, COUNT(*) AS customers, MAX(l.last_date) AS latest
        FROM last_rental l INNER JOIN customer c USING (customer_id)
        GROUP BY c.store_id;
    DROP TABLE last_rental;
END

-- @case r21 procedure
-- @source construct seen in datacharmer/test_db objects.sql (employees_help): a procedure that selects a stored function's text as its result set
-- @check-mysql SELECT 'r21_rs'; CALL r21()
-- @check-pg BEGIN; CALL r21('r21_rs'); FETCH ALL FROM r21_rs; COMMIT
CREATE PROCEDURE r21()
BEGIN
    SELECT r04(1) AS info;
END

-- @case r22 procedure
-- @source construct seen in Mazen-Alkhadra/b2b database/mysql/sql/procedures/product/prc_add_product.sql: INSERT then SET p_out = LAST_INSERT_ID()
-- @untranslated LAST_INSERT_ID
CREATE PROCEDURE r22(IN p_name VARCHAR(40), OUT p_id INT)
BEGIN
    INSERT INTO rw_users (id, name) VALUES (100, p_name);
    SET p_id = LAST_INSERT_ID();
END

-- @case r23 procedure
-- @source construct seen in 01dkg/Marketing-Tech-Ads-Automation _db/_storedProcs/sp_GetkeywordByUser.sql: a page of rows (LIMIT with the procedure's parameters) and the total in an OUT parameter (there built as dynamic SQL)
-- @check-mysql CALL r23(1, 5, 10, @total); SELECT @total, 'r23_rs'
-- @check-pg BEGIN; CALL r23(1, 5, 10, NULL, 'r23_rs'); FETCH ALL FROM r23_rs; COMMIT
CREATE PROCEDURE r23(IN p_customer INT, IN p_limit INT, IN p_offset INT, OUT p_total INT)
BEGIN
    SELECT COUNT(*) INTO p_total FROM rental WHERE customer_id = p_customer;
    SELECT rental_id, rental_date FROM rental WHERE customer_id = p_customer ORDER BY rental_date DESC, rental_id LIMIT p_offset, p_limit;
END

-- @case r24 procedure
-- @source construct seen in upsert procedures (e.g. linq2db/linq2db.baselines MariaDB insert baselines): INSERT … ON DUPLICATE KEY UPDATE
-- @untranslated ON DUPLICATE KEY UPDATE
CREATE PROCEDURE r24(IN p_id INT, IN p_name VARCHAR(40))
BEGIN
    INSERT INTO rw_users (id, name) VALUES (p_id, p_name) ON DUPLICATE KEY UPDATE name = VALUES(name);
END

-- @case r25 function
-- @source construct seen in "ucfirst" helper functions of MySQL schemas: CONCAT(UPPER(LEFT(s, 1)), LOWER(SUBSTRING(s, 2)))
-- @check SELECT actor_id, r25(first_name) FROM actor WHERE actor_id <= 30
CREATE FUNCTION r25(s VARCHAR(255)) RETURNS VARCHAR(255) DETERMINISTIC
    RETURN CONCAT(UPPER(LEFT(s, 1)), LOWER(SUBSTRING(s, 2)))

-- @case r26 function
-- @source construct seen in Samuel-Falcao/Projeto-Final---Banco-de-Dados views.sql: an age in whole years, TIMESTAMPDIFF(YEAR, d, date)
-- @check SELECT r26('1990-06-15', '2024-06-14'), r26('1990-06-15', '2024-06-15'), r26('2000-02-29', '2024-02-28'), r26('2000-02-29', '2024-03-01')
CREATE FUNCTION r26(born DATE, on_day DATE) RETURNS INT DETERMINISTIC
    RETURN TIMESTAMPDIFF(YEAR, born, on_day)

-- @case r27 function
-- @source construct seen in business-day helpers of MySQL schemas: CASE on DAYOFWEEK() and DATE_ADD to skip a weekend
-- @check SELECT rental_id, r27(rental_date) FROM rental WHERE rental_id <= 60
CREATE FUNCTION r27(d DATETIME) RETURNS DATE DETERMINISTIC
BEGIN
    DECLARE due DATE;
    SET due = DATE_ADD(DATE(d), INTERVAL 3 DAY);
    CASE DAYOFWEEK(due)
        WHEN 1 THEN SET due = DATE_ADD(due, INTERVAL 1 DAY);
        WHEN 7 THEN SET due = DATE_ADD(due, INTERVAL 2 DAY);
        ELSE BEGIN END;
    END CASE;
    RETURN due;
END

-- @case r28 view
-- @source construct seen in contact-list views of MySQL schemas: UNION ALL of two tables with a literal type column
-- @check SELECT * FROM r28
CREATE VIEW r28 AS SELECT 'customer' AS kind, customer_id AS id, email FROM customer WHERE customer_id <= 20 UNION ALL SELECT 'staff', staff_id, email FROM staff

-- @case r29 view
-- @source construct seen in "never ordered" report views of MySQL schemas: LEFT JOIN … WHERE right.key IS NULL (anti-join)
-- @check SELECT * FROM r29
CREATE VIEW r29 AS SELECT f.film_id, f.title FROM film f LEFT JOIN inventory i ON i.film_id = f.film_id WHERE i.inventory_id IS NULL

-- @case r30 view
-- @source construct seen in sales-summary views of MySQL schemas: COALESCE(SUM(x), 0) over a LEFT JOIN, ROUND(…, 2)
-- @check SELECT * FROM r30
CREATE VIEW r30 AS SELECT c.customer_id, COALESCE(SUM(p.amount), 0) AS paid, ROUND(COALESCE(AVG(p.amount), 0), 2) AS average FROM customer c LEFT JOIN payment p ON p.customer_id = c.customer_id WHERE c.customer_id <= 50 GROUP BY c.customer_id
