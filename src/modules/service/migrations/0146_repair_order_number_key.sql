-- A repair order number is unique at its dealer (the DMS numbers them): re-importing an export
-- finds the visit already there instead of doubling it, and two imports racing cannot both win.
create unique index service_visits_order_number_key on service_visits (dealer_id, order_number)
  where order_number is not null;
