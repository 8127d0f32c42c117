-- The answered after-visit calls (CSI 1-10 and the owner's comment) with their visit's dealer,
-- advisor and date: what the service module offers other modules to read, so analytics' CSI
-- dashboard does not reach into service_follow_ups and service_visits itself. A cancelled visit
-- leaves service_visits and takes its call with it (0251), so it is never counted.
create view service_csi_answers as
select f.visit_id, f.customer_id, f.dealer_id, v.advisor_user_id, v.vehicle_id, v.visit_date,
       f.csi_score, f.comment, f.completed_at, f.completed_by
  from service_follow_ups f
  join service_visits v on v.id = f.visit_id
 where f.csi_score is not null;
