-- What a placement's end leaves undone (issue 14, the tenancy pathway's other half).
--
-- 1. placement_events.end_reason gains the ends staff record (rule P8): own_home, evicted, left,
--    deceased, beside moved. SQLite cannot change a CHECK in place, so the table is rebuilt (new
--    table, copy, drop, rename: drafted with drizzle-kit generate); every row is copied with its id.
--    The triggers on it, and the one on placements that reads it, are dropped first (a rename is
--    refused while a trigger names a table that is gone) and made again after, as 0013 and 0016 left
--    them.
-- 2. A flat may be let again after its placement ended (rule P9): the unique index on
--    placements.vacancy_id goes; a trigger refuses a second active placement of one flat, as 0013's
--    does for one household.
DROP TRIGGER `placement_events_no_update`;--> statement-breakpoint
DROP TRIGGER `placement_events_no_delete`;--> statement-breakpoint
DROP TRIGGER `placement_events_not_after_end`;--> statement-breakpoint
DROP TRIGGER `demo_marks_placement_events`;--> statement-breakpoint
DROP TRIGGER `placements_one_active_per_applicant`;--> statement-breakpoint
CREATE TABLE `__new_placement_events` (
	`id` text PRIMARY KEY NOT NULL,
	`placement_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`kind` text NOT NULL,
	`on` text NOT NULL,
	`end_reason` text,
	`caseload` text NOT NULL,
	`recorded_by_person` text NOT NULL,
	`recorded_by_token` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`placement_id`) REFERENCES `placements`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "placement_events_kind_check" CHECK("__new_placement_events"."kind" IN ('taken_over', 'ended')),
	CONSTRAINT "placement_events_end_reason_check" CHECK(("__new_placement_events"."kind" = 'ended') = ("__new_placement_events"."end_reason" IS NOT NULL) AND ("__new_placement_events"."end_reason" IS NULL OR "__new_placement_events"."end_reason" IN ('moved', 'own_home', 'evicted', 'left', 'deceased'))),
	CONSTRAINT "placement_events_person_check" CHECK(length(trim("__new_placement_events"."recorded_by_person")) > 0)
);
--> statement-breakpoint
INSERT INTO `__new_placement_events`("id", "placement_id", "applicant_id", "kind", "on", "end_reason", "caseload", "recorded_by_person", "recorded_by_token", "created_at") SELECT "id", "placement_id", "applicant_id", "kind", "on", "end_reason", "caseload", "recorded_by_person", "recorded_by_token", "created_at" FROM `placement_events`;--> statement-breakpoint
DROP TABLE `placement_events`;--> statement-breakpoint
ALTER TABLE `__new_placement_events` RENAME TO `placement_events`;--> statement-breakpoint
CREATE UNIQUE INDEX `placement_events_once` ON `placement_events` (`placement_id`,`kind`);--> statement-breakpoint
CREATE INDEX `placement_events_applicant_idx` ON `placement_events` (`applicant_id`);--> statement-breakpoint
DROP INDEX `placements_vacancy_unique`;--> statement-breakpoint
CREATE INDEX `placements_vacancy_idx` ON `placements` (`vacancy_id`);
--> statement-breakpoint
-- Written by hand after drizzle-kit's statements (drizzle-kit cannot express triggers).
-- A placement's events are what a named person recorded: never rewritten, removed only by demo removal.
CREATE TRIGGER `placement_events_no_update`
BEFORE UPDATE ON `placement_events`
BEGIN
  SELECT RAISE(ABORT, 'placement events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `placement_events_no_delete`
BEFORE DELETE ON `placement_events`
WHEN NOT (
  EXISTS (SELECT 1 FROM `demo_removal_active`)
  AND EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'placement_event' AND `object_id` = OLD.`id`)
)
BEGIN
  SELECT RAISE(ABORT, 'placement events are append-only');
END;
--> statement-breakpoint
-- Nothing happens to a placement after it ended.
CREATE TRIGGER `placement_events_not_after_end`
BEFORE INSERT ON `placement_events`
WHEN EXISTS (SELECT 1 FROM `placement_events` e WHERE e.`placement_id` = NEW.`placement_id` AND e.`kind` = 'ended')
BEGIN
  SELECT RAISE(ABORT, 'the placement has ended');
END;
--> statement-breakpoint
CREATE TRIGGER `demo_marks_placement_events`
AFTER INSERT ON `placement_events`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'placement' AND `object_id` = NEW.`placement_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'applicant' AND `object_id` = NEW.`applicant_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('placement_event', NEW.`id`);
END;
--> statement-breakpoint
-- Rule P7: a household holds at most one active placement (one with no `ended` event).
CREATE TRIGGER `placements_one_active_per_applicant`
BEFORE INSERT ON `placements`
WHEN EXISTS (
  SELECT 1 FROM `placements` p
  WHERE p.`applicant_id` = NEW.`applicant_id`
    AND NOT EXISTS (SELECT 1 FROM `placement_events` e WHERE e.`placement_id` = p.`id` AND e.`kind` = 'ended')
)
BEGIN
  SELECT RAISE(ABORT, 'the household already holds an active placement');
END;
--> statement-breakpoint
-- Rule P9: a flat holds at most one active placement: it is let again only after the last one ended.
CREATE TRIGGER `placements_one_active_per_vacancy`
BEFORE INSERT ON `placements`
WHEN EXISTS (
  SELECT 1 FROM `placements` p
  WHERE p.`vacancy_id` = NEW.`vacancy_id`
    AND NOT EXISTS (SELECT 1 FROM `placement_events` e WHERE e.`placement_id` = p.`id` AND e.`kind` = 'ended')
)
BEGIN
  SELECT RAISE(ABORT, 'the flat already holds an active placement');
END;
