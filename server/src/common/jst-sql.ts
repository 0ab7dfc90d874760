/**
 * Japan time in SQL. The office counts days, months and hours in Asia/Tokyo (UTC+9, no daylight saving),
 * whatever the database session's TimeZone is. Every SQL fragment that turns a timestamptz into a Japanese
 * date or wall-clock time is built here, so the zone is written once and no query forgets it.
 * `column` is an SQL expression of type timestamptz (a column, `now()`); never user input.
 */
const ZONE = `'Asia/Tokyo'`;

/** The wall-clock time in Japan of `column`: a `timestamp` (without zone), for hours, weekdays, formats. */
export function jstLocal(column: string): string {
  return `(${column} at time zone ${ZONE})`;
}

/** The calendar date in Japan of `column`: a SQL `date`. */
export function jstDate(column: string): string {
  return `${jstLocal(column)}::date`;
}

/** The calendar date in Japan of `column` as `YYYY-MM-DD` text (null stays null). */
export function jstDateText(column: string): string {
  return `to_char(${jstLocal(column)}, 'YYYY-MM-DD')`;
}

/** Today in Japan: a SQL `date`, evaluated by the database at the statement's start. */
export const JST_TODAY = jstDate('now()');
