-- The caseload desk (issue 14). next_followup_on was written by the demo only: it is now derived
-- (beneficiaries/followup.cc) from the appointments, the last contact and the structure's
-- follow-up interval. The old values are dropped here; start-up derives every missing one.
UPDATE beneficiaries SET next_followup_on = NULL;
-- "Suivi en retard", "Sans contact depuis N jours" and the "Prochain suivi" sort, in the scope's
-- structure. (Appointments and contracts come later in the numbering: their filters use the
-- per-person indexes appointments_beneficiary and the contracts' primary lookups.)
CREATE INDEX beneficiaries_scope_followup ON beneficiaries(structure_id, next_followup_on, name_key, id);
CREATE INDEX beneficiaries_scope_contact ON beneficiaries(structure_id, last_contact_on);
