-- The call-centre tasks made from the lapsed-owner worklist, marked here rather than recognised
-- by their title: a renamed or translated title must not let a second call through.

create table service_lapsed_calls (
  task_id uuid primary key references tasks on delete cascade,
  -- the car the call is about (the owner's most valuable lapsed one)
  vehicle_id uuid references vehicles on delete set null,
  lapsed_as_of date not null,
  created_at timestamptz not null default now()
);
create index service_lapsed_calls_vehicle_idx on service_lapsed_calls (vehicle_id);

-- tasks made before this table existed carried one of these titles (en, ru, zh)
insert into service_lapsed_calls (task_id, lapsed_as_of)
select t.id, t.created_at::date
  from tasks t
 where t.title in ('Lapsed owner: invite back to service',
                   'Ушедший владелец: пригласить на сервис',
                   '流失车主：邀请回店保养');
