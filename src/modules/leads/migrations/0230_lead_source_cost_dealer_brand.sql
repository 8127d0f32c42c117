-- A dealer selling two brands may say which of them a cost was for: a dealer row may carry a
-- brand_id (the service checks the dealer sells it). Before, a dealer row had no brand and a
-- brand filter counted the whole of it in every brand the dealer sells.
-- The third table check of 0219 (Postgres names it lead_source_costs_check2) said a dealer row
-- has no brand; it is replaced by one that only asks for the dealer.
alter table lead_source_costs drop constraint lead_source_costs_check2;
alter table lead_source_costs add constraint lead_source_costs_dealer_owner_check
  check (owner_level <> 'dealer' or dealer_id is not null);
