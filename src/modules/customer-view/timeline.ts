import { sql, type Expression, type RawBuilder } from 'kysely';
import { activityTimeline } from '../activities/index.ts';
import { consentTimeline } from '../customers/index.ts';
import { serviceTimeline } from '../service/index.ts';
import { vehicleTimeline } from '../vehicles/index.ts';
import type { TimelineEntry } from './view.schemas.ts';

/**
 * Everything that happened with a customer, newest first, as one query: each module gives
 * its rows with the same ten columns and they are unioned here.
 */
export type TimelineCursor = { before: Date; beforeId?: string | undefined } | null;

export function timelineSql(
  customerId: Expression<unknown>,
  cursor: TimelineCursor,
  limit: number,
): RawBuilder<unknown> {
  // (at, id) is the page key: many entries share a date (visits, purchases are whole days).
  const after = !cursor
    ? sql``
    : cursor.beforeId
      ? sql`where (at, id) < (${cursor.before}::timestamptz, ${cursor.beforeId}::uuid)`
      : sql`where at < ${cursor.before}`;
  return sql`select id, kind, at, title, detail, channel, direction, outcome, dealer_code, user_name
    from (${activityTimeline(customerId)}
          union all ${serviceTimeline(customerId)}
          union all ${vehicleTimeline(customerId)}
          union all ${consentTimeline(customerId)}) entries
    ${after}
    order by at desc, id desc
    limit ${limit}`;
}

export function timelineJson(customerId: Expression<unknown>, limit: number): RawBuilder<unknown> {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', t.id, 'kind', t.kind, 'at', t.at, 'title', t.title, 'detail', t.detail,
      'channel', t.channel, 'direction', t.direction, 'outcome', t.outcome,
      'dealerCode', t.dealer_code, 'userName', t.user_name) order by t.at desc, t.id desc)
    from (${timelineSql(customerId, null, limit)}) t), '[]'::jsonb)`;
}

type TimelineRow = {
  id: string;
  kind: TimelineEntry['kind'];
  at: Date;
  title: string | null;
  detail: string | null;
  channel: string | null;
  direction: string | null;
  outcome: string | null;
  dealer_code: string | null;
  user_name: string | null;
};

export function timelineEntry(row: TimelineRow): TimelineEntry {
  return {
    id: row.id,
    kind: row.kind,
    at: new Date(row.at).toISOString(),
    title: row.title,
    detail: row.detail,
    channel: row.channel,
    direction: row.direction,
    outcome: row.outcome,
    dealerCode: row.dealer_code,
    userName: row.user_name,
  };
}

export type { TimelineRow };
