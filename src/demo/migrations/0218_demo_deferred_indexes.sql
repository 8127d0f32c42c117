-- The secondary indexes a bulk demo load into an empty PostgreSQL database dropped, to build
-- them once at its end (src/demo/deferred-indexes.ts). A row outlives its index only while a
-- load runs, or after a load was killed: the next load (or `autocrm demo`) builds it again.
create table demo_deferred_indexes (
  index_name text primary key,
  table_name text not null,
  definition text not null,
  dropped_at timestamptz not null default now()
);
