CREATE TABLE `person_search_terms` (
	`id` integer PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`nm` text NOT NULL,
	`idn` text NOT NULL,
	`py` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `person_search_terms_person_id_unique` ON `person_search_terms` (`person_id`);--> statement-breakpoint
-- 人员查询 on the central store: an FTS5 index over person_search_terms (external content), kept in
-- step by the triggers below. The terms are made by electron/services/sync/person-search.ts.
CREATE VIRTUAL TABLE `person_search` USING fts5(nm, idn, py, content='person_search_terms', content_rowid='id', tokenize='unicode61');
--> statement-breakpoint
CREATE TRIGGER `person_search_ai` AFTER INSERT ON `person_search_terms` BEGIN
  INSERT INTO `person_search` (rowid, nm, idn, py) VALUES (new.id, new.nm, new.idn, new.py);
END;
--> statement-breakpoint
CREATE TRIGGER `person_search_ad` AFTER DELETE ON `person_search_terms` BEGIN
  INSERT INTO `person_search` (`person_search`, rowid, nm, idn, py) VALUES ('delete', old.id, old.nm, old.idn, old.py);
END;
--> statement-breakpoint
CREATE TRIGGER `person_search_au` AFTER UPDATE ON `person_search_terms` BEGIN
  INSERT INTO `person_search` (`person_search`, rowid, nm, idn, py) VALUES ('delete', old.id, old.nm, old.idn, old.py);
  INSERT INTO `person_search` (rowid, nm, idn, py) VALUES (new.id, new.nm, new.idn, new.py);
END;
