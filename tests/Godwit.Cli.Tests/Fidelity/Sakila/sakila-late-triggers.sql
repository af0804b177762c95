-- The three triggers Sakila's data script creates after loading each table (they would overwrite the dates on load).
DELIMITER ;;
CREATE TRIGGER customer_create_date BEFORE INSERT ON customer
	FOR EACH ROW SET NEW.create_date = NOW();;
CREATE TRIGGER payment_date BEFORE INSERT ON payment
	FOR EACH ROW SET NEW.payment_date = NOW();;
CREATE TRIGGER rental_date BEFORE INSERT ON rental
	FOR EACH ROW SET NEW.rental_date = NOW();;
DELIMITER ;
