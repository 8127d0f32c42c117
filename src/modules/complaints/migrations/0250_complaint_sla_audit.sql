-- The SLA hours per severity can now be changed through the API (PUT /api/complaints/sla):
-- like every write, each change is audited, keyed by the severity.
create trigger complaint_sla_audit after insert or update or delete on complaint_sla
  for each row execute function autocrm_audit('', 'severity');
