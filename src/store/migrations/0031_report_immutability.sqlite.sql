-- A finalised interview report is immutable (its corrections are addenda), and addenda are
-- never rewritten: the store refuses it even if a bug or a hand-written query tries. Deletion
-- stays possible for retention purges.
CREATE TRIGGER interview_reports_final_frozen BEFORE UPDATE ON interview_reports
WHEN OLD.status = 'final'
BEGIN SELECT RAISE(ABORT, 'a finalised interview report is immutable'); END;

CREATE TRIGGER report_sections_final_no_update BEFORE UPDATE ON interview_report_sections
WHEN (SELECT status FROM interview_reports WHERE id = OLD.report_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'a finalised interview report is immutable'); END;

CREATE TRIGGER report_sections_final_no_insert BEFORE INSERT ON interview_report_sections
WHEN (SELECT status FROM interview_reports WHERE id = NEW.report_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'a finalised interview report is immutable'); END;

CREATE TRIGGER report_addenda_no_update BEFORE UPDATE ON report_addenda
BEGIN SELECT RAISE(ABORT, 'report addenda are append-only'); END;
