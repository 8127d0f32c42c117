-- The board reads the newest few leads of each stage (by when they reached it) per dealer or
-- consultant, one indexed range per column; the list reads a dealer's leads by last change.
drop index leads_dealer_idx;
drop index leads_assignee_idx;
create index leads_dealer_board_idx on leads (dealer_id, stage, stage_changed_at desc, id);
create index leads_assignee_board_idx on leads (assigned_user_id, stage, stage_changed_at desc, id);
create index leads_dealer_updated_idx on leads (dealer_id, updated_at desc, id);
