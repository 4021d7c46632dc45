-- The filtered list of households (GET /v1/applicants?situation=…&hasChildren=…) in id order: with
-- this index SQLite reads one page of matches in order and stops, where it walked the primary key
-- until a page of matches was found (about 1,100 rows for acute households with children at 10,000).
CREATE INDEX `applicants_situation_children_idx` ON `applicants` (`situation_code`,`has_children`,`id`);
