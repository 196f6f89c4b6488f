-- A finalised interview report is immutable (its corrections are addenda), and addenda are
-- never rewritten: the store refuses it even if a bug or a hand-written query tries. Deletion
-- stays possible for retention purges.
CREATE FUNCTION interview_report_final_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'final' THEN
    RAISE EXCEPTION 'a finalised interview report is immutable';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER interview_reports_final_frozen BEFORE UPDATE ON interview_reports
  FOR EACH ROW EXECUTE FUNCTION interview_report_final_frozen();

CREATE FUNCTION report_section_final_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM interview_reports r WHERE r.id = NEW.report_id AND r.status = 'final')
  THEN
    RAISE EXCEPTION 'a finalised interview report is immutable';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF EXISTS (SELECT 1 FROM interview_reports r WHERE r.id = OLD.report_id AND r.status = 'final')
    THEN
      RAISE EXCEPTION 'a finalised interview report is immutable';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER report_sections_final_frozen BEFORE INSERT OR UPDATE ON interview_report_sections
  FOR EACH ROW EXECUTE FUNCTION report_section_final_frozen();

CREATE FUNCTION report_addenda_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report addenda are append-only';
END;
$$;
CREATE TRIGGER report_addenda_no_update BEFORE UPDATE ON report_addenda
  FOR EACH ROW EXECUTE FUNCTION report_addenda_append_only();
