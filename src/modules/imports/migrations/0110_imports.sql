-- Lead intake from outside: public web-form sites of dealers and brands, their rate limit,
-- and list imports (CSV / XLSX / ADF files) with a per-row report.

create table web_form_sites (
  id uuid primary key default gen_random_uuid(),
  dealer_id uuid references dealers,
  brand_id uuid references brands,
  name text not null check (length(name) between 1 and 200),
  -- sha-256 of the site key; the key itself is shown once at creation and never stored.
  -- Named token_hash so that the audit trigger leaves it out of the log like other secrets.
  token_hash text not null unique,
  -- the first characters of the key, so that an admin can tell sites apart
  key_prefix text not null,
  allowed_origins text[] not null default '{}',
  source text not null default 'website',
  active boolean not null default true,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((dealer_id is null) <> (brand_id is null))
);
create index web_form_sites_dealer_idx on web_form_sites (dealer_id) where dealer_id is not null;
create index web_form_sites_brand_idx on web_form_sites (brand_id) where brand_id is not null;

create trigger web_form_sites_touch before update on web_form_sites
  for each row execute function autocrm_touch_updated_at();
create trigger web_form_sites_audit after insert or update or delete on web_form_sites
  for each row execute function autocrm_audit();

-- Fixed-window counters per site and client address. In the database rather than in memory
-- so that the limit holds across restarts and across several server processes.
create table web_form_hits (
  site_id uuid not null references web_form_sites on delete cascade,
  client_ip text not null,
  window_start timestamptz not null,
  hits integer not null default 1,
  primary key (site_id, client_ip, window_start)
);
create index web_form_hits_window_idx on web_form_hits (window_start);

create table import_jobs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('csv', 'xlsx', 'adf')),
  file_name text not null,
  headers jsonb not null default '[]',
  total_rows integer not null default 0,
  dealer_id uuid references dealers,
  source text not null,
  campaign text,
  mapping jsonb,
  status text not null default 'uploaded' check (status in ('uploaded', 'running', 'done')),
  imported_rows integer not null default 0,
  rejected_rows integer not null default 0,
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index import_jobs_created_idx on import_jobs (created_at desc);
create index import_jobs_dealer_idx on import_jobs (dealer_id, created_at desc);
create index import_jobs_user_idx on import_jobs (created_by, created_at desc);

-- The uploaded file, kept so that preview and run read exactly what was uploaded; apart from
-- import_jobs so that the audit log records the job and not megabytes of file.
create table import_job_files (
  job_id uuid primary key references import_jobs on delete cascade,
  content bytea not null
);

create table import_job_rows (
  job_id uuid not null references import_jobs on delete cascade,
  line_no integer not null,
  status text not null check (status in ('imported', 'rejected')),
  reason text,
  -- ids of the leads module's rows; no foreign key so that this report outlives their deletion
  lead_id uuid,
  customer_id uuid,
  customer_created boolean,
  primary key (job_id, line_no)
);
create index import_job_rows_rejected_idx on import_job_rows (job_id, line_no)
  where status = 'rejected';

create trigger import_jobs_audit after insert or update or delete on import_jobs
  for each row execute function autocrm_audit();
