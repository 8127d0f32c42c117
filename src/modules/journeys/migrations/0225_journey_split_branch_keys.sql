-- A split's branches get a key (their identity), and the log records the key a run took instead
-- of the branch's place, so that reordering or removing branches keeps each one's figures apart.
-- The branches saved so far are keyed by their letter at this moment (a, b, c, d: place 0 is
-- a), and their log rows, which hold that place, are rewritten to the same letter. The runner
-- and the reader give a keyless branch the same letter (journey-row.ts), so either way agrees.
update journeys j
   set definition = jsonb_set(j.definition, '{steps}', (
         select jsonb_agg(
                  case when s.step ->> 'type' = 'split' then jsonb_set(s.step, '{branches}', (
                         select jsonb_agg(
                                  case when b.branch ? 'key' then b.branch
                                       else b.branch || jsonb_build_object('key', chr(96 + b.n::int))
                                  end order by b.n)
                           from jsonb_array_elements(s.step -> 'branches')
                                with ordinality as b(branch, n)))
                       else s.step
                  end order by s.n)
           from jsonb_array_elements(j.definition -> 'steps') with ordinality as s(step, n)))
 where exists (select 1 from jsonb_array_elements(j.definition -> 'steps') as s(step)
                where s.step ->> 'type' = 'split');

update journey_step_log
   set detail = chr(97 + detail::int)
 where outcome = 'split' and detail ~ '^[0-9]$';
