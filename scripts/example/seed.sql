INSERT INTO "circuit" ("name", "country", "lat") VALUES ('Monza', 'Italy', 45.6156), ('Silverstone', 'UK', 52.0786), ('Interlagos', 'Brazil', -23.7036);
INSERT INTO "driver" ("code", "surname") VALUES ('HAM', 'Hamilton'), ('VER', 'Verstappen'), ('LEC', 'Leclerc');
INSERT INTO "race" ("circuitId", "year", "round") VALUES (1, 2024, 16), (2, 2024, 12), (3, 2024, 21);
INSERT INTO "result" ("raceId", "driverId", "position", "points") VALUES (1, 3, 1, 25), (1, 1, 5, 10), (2, 1, 1, 25), (2, 2, 2, 18), (3, 2, 1, 25), (3, 3, 3, 15);
