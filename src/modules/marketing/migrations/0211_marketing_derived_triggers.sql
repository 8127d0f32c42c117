-- The current consents (0172) and the visit summary (0199) were kept by triggers of their own,
-- written before the generic statement trigger of 0204. They now use it, like the service facts
-- and the search's name words: one mechanism to read, and an update that changes none of the
-- columns a derived row reads (a consent's note or evidence, a visit's mileage or description)
-- recomputes nothing. The derived tables' contents do not change.
drop trigger consents_marketing_state_insert on consents;
drop trigger consents_marketing_state_update on consents;
drop trigger consents_marketing_state_delete on consents;
drop function marketing_consent_state_refresh();

-- the state is the latest record per customer, channel and purpose, by effective_at then
-- recorded_at (marketing_consent_state_sync)
select autocrm_keep_derived('consents', 'marketing_consent_state_sync', 'customer_id',
                            'channel', 'purpose', 'status', 'effective_at', 'recorded_at');

drop trigger service_visits_marketing_summary_insert on service_visits;
drop trigger service_visits_marketing_summary_update on service_visits;
drop trigger service_visits_marketing_summary_delete on service_visits;
drop function marketing_visit_summary_refresh();

-- the summary orders a customer's visits by date, then id, and sums their receipts
select autocrm_keep_derived('service_visits', 'marketing_visit_summary_sync', 'customer_id',
                            'id', 'visit_date', 'total_minor');
