CREATE TABLE `demo_records` (
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`object_type`, `object_id`),
	CONSTRAINT "demo_records_object_type_check" CHECK("demo_records"."object_type" IN ('applicant', 'vacancy', 'round', 'proposal', 'decision', 'offer', 'placement', 'placement_event', 'obo_priority_decision', 'obo_outbox', 'obo_inbox', 'api_token'))
);
--> statement-breakpoint
CREATE TABLE `demo_removal_active` (
	`run_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
-- Written by hand after drizzle-kit's tables (drizzle-kit cannot express triggers).
-- A record that follows from a demo record is a demo record too, whoever writes it: a proposal,
-- decision or offer about a demo household or flat, a placement or nomination of a demo offer, ÖBO's
-- answer to it, a re-match round of a demo flat. Marked as it is written, so `hemvist demo remove`
-- finds every one. Three lookups by primary key per row, nothing when demo_records is empty.
CREATE TRIGGER `demo_marks_proposals`
AFTER INSERT ON `proposals`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'applicant' AND `object_id` = NEW.`applicant_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'vacancy' AND `object_id` = NEW.`vacancy_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'round' AND `object_id` = NEW.`round_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('proposal', NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `demo_marks_decisions`
AFTER INSERT ON `decisions`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'applicant' AND `object_id` = NEW.`applicant_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'vacancy' AND `object_id` = NEW.`vacancy_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'proposal' AND `object_id` = NEW.`proposal_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('decision', NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `demo_marks_offers`
AFTER INSERT ON `offers`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'applicant' AND `object_id` = NEW.`applicant_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'vacancy' AND `object_id` = NEW.`vacancy_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'decision' AND `object_id` = NEW.`decision_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('offer', NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `demo_marks_placements`
AFTER INSERT ON `placements`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'applicant' AND `object_id` = NEW.`applicant_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'vacancy' AND `object_id` = NEW.`vacancy_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'offer' AND `object_id` = NEW.`offer_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('placement', NEW.`id`);
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
CREATE TRIGGER `demo_marks_obo_priority_decisions`
AFTER INSERT ON `obo_priority_decisions`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'applicant' AND `object_id` = NEW.`applicant_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('obo_priority_decision', NEW.`decision_ref`);
END;
--> statement-breakpoint
CREATE TRIGGER `demo_marks_obo_outbox`
AFTER INSERT ON `obo_outbox`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'offer' AND `object_id` = NEW.`offer_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('obo_outbox', NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `demo_marks_obo_inbox`
AFTER INSERT ON `obo_inbox`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'offer' AND `object_id` = NEW.`offer_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('obo_inbox', NEW.`delivery_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `demo_marks_rounds`
AFTER INSERT ON `rounds`
WHEN EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'round' AND `object_id` = NEW.`parent_round_id`)
  OR EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'vacancy' AND `object_id` = NEW.`vacancy_id`)
BEGIN
  INSERT OR IGNORE INTO `demo_records` (`object_type`, `object_id`) VALUES ('round', NEW.`id`);
END;
--> statement-breakpoint
-- `hemvist demo remove` may delete a demo decision, placement or ÖBO answer, and only while its
-- marker is in `demo_removal_active` (in its own transaction, never seen by another connection):
-- a real record stays append-only always.
DROP TRIGGER `decisions_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `decisions_no_delete`
BEFORE DELETE ON `decisions`
WHEN NOT (
  EXISTS (SELECT 1 FROM `demo_removal_active`)
  AND EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'decision' AND `object_id` = OLD.`id`)
)
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `placements_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `placements_no_delete`
BEFORE DELETE ON `placements`
WHEN NOT (
  EXISTS (SELECT 1 FROM `demo_removal_active`)
  AND EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'placement' AND `object_id` = OLD.`id`)
)
BEGIN
  SELECT RAISE(ABORT, 'placements are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `placement_events_no_delete`;
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
DROP TRIGGER `obo_inbox_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `obo_inbox_no_delete`
BEFORE DELETE ON `obo_inbox`
WHEN NOT EXISTS (SELECT 1 FROM `retention_active`)
  AND NOT (
    EXISTS (SELECT 1 FROM `demo_removal_active`)
    AND EXISTS (SELECT 1 FROM `demo_records` WHERE `object_type` = 'obo_inbox' AND `object_id` = OLD.`delivery_id`)
  )
BEGIN
  SELECT RAISE(ABORT, 'obo_inbox is append-only');
END;
