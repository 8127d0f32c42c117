-- The VIN check digit of 0213 took 58 us a VIN at 1.14M customers (33 s of the run for 1M
-- vehicles, bench/RESULTS.md): inlined, its translate() of the whole VIN was repeated for each of
-- the 16 weighted characters. Here each character's value is read from a table of the values of
-- '0' to 'Z' by its code (a few cheap calls, no translate): 9 us. Same answers (the agreement test
-- runs on this form). Called only on a VIN of the valid form (quality_vin_problem checks it first).
create or replace function quality_vin_check_digit(vin text) returns text
language sql immutable parallel safe as $$
  select substr('0123456789X', mod(
         (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 1, 1)) - 47, 1)) - 48) * 8
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 2, 1)) - 47, 1)) - 48) * 7
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 3, 1)) - 47, 1)) - 48) * 6
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 4, 1)) - 47, 1)) - 48) * 5
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 5, 1)) - 47, 1)) - 48) * 4
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 6, 1)) - 47, 1)) - 48) * 3
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 7, 1)) - 47, 1)) - 48) * 2
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 8, 1)) - 47, 1)) - 48) * 10
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 10, 1)) - 47, 1)) - 48) * 9
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 11, 1)) - 47, 1)) - 48) * 8
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 12, 1)) - 47, 1)) - 48) * 7
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 13, 1)) - 47, 1)) - 48) * 6
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 14, 1)) - 47, 1)) - 48) * 5
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 15, 1)) - 47, 1)) - 48) * 4
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 16, 1)) - 47, 1)) - 48) * 3
       + (ascii(substr('0123456789000000012345678012345070923456789', ascii(substr(vin, 17, 1)) - 47, 1)) - 48) * 2, 11) + 1, 1)
$$;

drop function quality_vin_weighted_sum(text);
