import pg from 'pg';

/**
 * One set of type parsers for both drivers (PGlite is reached through node-postgres too),
 * so a value looks the same whichever database answers.
 */
let installed = false;

export function installTypeParsers(): void {
  if (installed) return;
  installed = true;
  // int8: counts and money in minor units fit well inside 2^53.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  // date: keep the calendar date as 'YYYY-MM-DD'; a JS Date would shift it by the time zone.
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
  // numeric stays a string (exact); timestamptz stays a Date.
}
