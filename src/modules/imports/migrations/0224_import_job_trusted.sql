-- A list from a trusted system (the DMS, the importer's customer master) confirms the data of
-- the customers it creates or updates: each imported row records a verification of its
-- customer (method trusted_import, issue 6). Purchased and event lists are never trusted, so
-- the flag is off unless the uploader sets it.
alter table import_jobs add column trusted boolean not null default false;
