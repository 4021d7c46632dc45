CREATE TABLE `follow_up_snapshots` (
	`day` text PRIMARY KEY NOT NULL,
	`counts` text NOT NULL,
	`created_at` text NOT NULL
);
