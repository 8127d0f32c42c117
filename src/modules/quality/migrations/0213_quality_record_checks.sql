-- Checks of a quality run that need more than a pattern (issue 6, Assess): the VIN check digit
-- and model-year code, the Russian INN and Chinese unified social credit code check digits, and
-- the edit distance that finds misspelt mail domains. Pure functions of their arguments (no
-- table is read), so the run stays one set-based statement; the SQL-language ones are inlined
-- into it by the planner. Their TypeScript twins are in src/modules/quality/scores/
-- (vin-problems.ts, tax-ids.ts, email-domains.ts); record-checks-sql.test.ts holds both to the
-- same answers.

-- The weighted sum of a transliterated VIN (every character a digit; the 9th weighs nothing).
create function quality_vin_weighted_sum(digits text) returns integer
language sql immutable parallel safe as $$
  select substr(digits, 1, 1)::int * 8 + substr(digits, 2, 1)::int * 7
       + substr(digits, 3, 1)::int * 6 + substr(digits, 4, 1)::int * 5
       + substr(digits, 5, 1)::int * 4 + substr(digits, 6, 1)::int * 3
       + substr(digits, 7, 1)::int * 2 + substr(digits, 8, 1)::int * 10
       + substr(digits, 10, 1)::int * 9 + substr(digits, 11, 1)::int * 8
       + substr(digits, 12, 1)::int * 7 + substr(digits, 13, 1)::int * 6
       + substr(digits, 14, 1)::int * 5 + substr(digits, 15, 1)::int * 4
       + substr(digits, 16, 1)::int * 3 + substr(digits, 17, 1)::int * 2
$$;

-- ISO 3779 check digit: letters transliterated to their values, weighted 8 7 6 5 4 3 2 10 _ 9 8
-- 7 6 5 4 3 2, the sum mod 11 (10 is X).
create function quality_vin_check_digit(vin text) returns text
language sql immutable parallel safe as $$
  select substr('0123456789X', mod(quality_vin_weighted_sum(
    translate(vin, 'ABCDEFGHJKLMNPRSTUVWXYZ', '12345678123457923456789')), 11) + 1, 1)
$$;

-- 'invalid_vin', 'vin_year_mismatch' or null; the check digit and the year code are judged only
-- where the world manufacturer identifier requires them (North America 1-5, China L).
create function quality_vin_problem(vin text, model_year integer) returns text
language sql immutable parallel safe as $$
  select case
    when vin is null then null
    when vin !~ '^[A-HJ-NPR-Z0-9]{17}$' then 'invalid_vin'
    when vin !~ '^[1-5L]' then null
    when substr(vin, 9, 1) <> quality_vin_check_digit(vin) then 'invalid_vin'
    when model_year is null then null
    when strpos('ABCDEFGHJKLMNPRSTVWXY123456789', substr(vin, 10, 1)) = 0
      or mod(model_year - 1979 - strpos('ABCDEFGHJKLMNPRSTVWXY123456789', substr(vin, 10, 1)), 30) <> 0
      then 'vin_year_mismatch'
  end
$$;

-- Russian INN: 10 digits (organisation) or 12 (individual entrepreneur), check digits by the
-- weighted sums mod 11 mod 10.
create function quality_inn_valid(id text) returns boolean
language sql immutable parallel safe as $$
  select case
    when id ~ '^[0-9]{10}$' then
      mod(mod(2 * substr(id, 1, 1)::int + 4 * substr(id, 2, 1)::int + 10 * substr(id, 3, 1)::int
            + 3 * substr(id, 4, 1)::int + 5 * substr(id, 5, 1)::int + 9 * substr(id, 6, 1)::int
            + 4 * substr(id, 7, 1)::int + 6 * substr(id, 8, 1)::int + 8 * substr(id, 9, 1)::int,
              11), 10) = substr(id, 10, 1)::int
    when id ~ '^[0-9]{12}$' then
      mod(mod(7 * substr(id, 1, 1)::int + 2 * substr(id, 2, 1)::int + 4 * substr(id, 3, 1)::int
            + 10 * substr(id, 4, 1)::int + 3 * substr(id, 5, 1)::int + 5 * substr(id, 6, 1)::int
            + 9 * substr(id, 7, 1)::int + 4 * substr(id, 8, 1)::int + 6 * substr(id, 9, 1)::int
            + 8 * substr(id, 10, 1)::int, 11), 10) = substr(id, 11, 1)::int
      and mod(mod(3 * substr(id, 1, 1)::int + 7 * substr(id, 2, 1)::int + 2 * substr(id, 3, 1)::int
            + 4 * substr(id, 4, 1)::int + 10 * substr(id, 5, 1)::int + 3 * substr(id, 6, 1)::int
            + 5 * substr(id, 7, 1)::int + 9 * substr(id, 8, 1)::int + 4 * substr(id, 9, 1)::int
            + 6 * substr(id, 10, 1)::int + 8 * substr(id, 11, 1)::int, 11), 10) = substr(id, 12, 1)::int
    else false
  end
$$;

-- Chinese unified social credit code (GB 32100-2015): 18 characters of 0-9 A-H J-N P-R T U W-Y
-- (values 0-30); the weights are 3^(i-1) mod 31, the 18th character has the value
-- (31 - sum mod 31) mod 31.
create function quality_uscc_valid(id text) returns boolean
language sql immutable parallel safe as $$
  select case
    when id ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$' then
      substr('0123456789ABCDEFGHJKLMNPQRTUWXY', mod(31 - mod(
          (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 1, 1)) - 1) * 1
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 2, 1)) - 1) * 3
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 3, 1)) - 1) * 9
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 4, 1)) - 1) * 27
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 5, 1)) - 1) * 19
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 6, 1)) - 1) * 26
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 7, 1)) - 1) * 16
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 8, 1)) - 1) * 17
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 9, 1)) - 1) * 20
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 10, 1)) - 1) * 29
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 11, 1)) - 1) * 25
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 12, 1)) - 1) * 13
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 13, 1)) - 1) * 8
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 14, 1)) - 1) * 24
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 15, 1)) - 1) * 10
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 16, 1)) - 1) * 30
        + (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, 17, 1)) - 1) * 28, 31), 31) + 1, 1)
        = substr(id, 18, 1)
    else false
  end
$$;

-- Edit distance counting an adjacent transposition as one edit (optimal string alignment), as
-- editDistance in email-domains.ts. Called once per distinct mail domain of a run, not per row.
create function quality_edit_distance(a text, b text) returns integer
language plpgsql immutable strict parallel safe as $$
declare
  la integer := length(a);
  lb integer := length(b);
  before integer[];
  previous integer[] := '{}';
  current integer[];
  value integer;
begin
  if la = 0 then return lb; end if;
  if lb = 0 then return la; end if;
  -- element k + 1 holds column k
  for j in 0..lb loop previous := previous || j; end loop;
  for i in 1..la loop
    current := array[i];
    for j in 1..lb loop
      value := least(previous[j + 1] + 1, current[j] + 1,
                     previous[j] + case when substr(a, i, 1) = substr(b, j, 1) then 0 else 1 end);
      if i > 1 and j > 1 and substr(a, i, 1) = substr(b, j - 1, 1)
         and substr(a, i - 1, 1) = substr(b, j, 1) then
        value := least(value, before[j - 1] + 1);
      end if;
      current := current || value;
    end loop;
    before := previous;
    previous := current;
  end loop;
  return previous[lb + 1];
end
$$;
