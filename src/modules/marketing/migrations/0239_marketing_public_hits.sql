-- One fixed-window counter for every public page and link of the module (/m/u, /m/e, /m/f,
-- /m/d, /m/c, /m/o.gif, /s/<code>), per client address and per token (public-rate-limit.ts):
-- `counter` says which limit ('page_address', 'page_token', ...), `subject` is the address or
-- the SHA-256 of the token (a copy of the table holds no working link). It replaces the data
-- check's own counter.
create table marketing_public_hits (
  counter text not null,
  subject text not null,
  window_start timestamptz not null,
  hits integer not null default 1,
  primary key (counter, subject, window_start)
);
create index marketing_public_hits_window_idx on marketing_public_hits (window_start);

drop table marketing_data_check_hits;
