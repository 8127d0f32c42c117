import { sql, type Expression, type RawBuilder } from 'kysely';

/** Activities and finished tasks as timeline rows. */
export function activityTimeline(customerId: Expression<unknown>): RawBuilder<unknown> {
  return sql`select a.id, 'activity' as kind, a.occurred_at as at,
      coalesce(a.subject, a.channel) as title,
      concat_ws(' · ', a.note,
                case when a.next_contact_at is not null
                     then 'next: ' || coalesce(a.next_contact_plan, '') end) as detail,
      a.channel, a.direction, a.outcome, d.code as dealer_code, u.display_name as user_name
    from activities a
    left join dealers d on d.id = a.dealer_id
    left join users u on u.id = a.user_id
    where a.customer_id = ${customerId}
    union all
    select t.id, 'task', t.completed_at, t.title, t.result, t.kind, null, t.status,
      d.code, u.display_name
    from tasks t
    left join dealers d on d.id = t.dealer_id
    left join users u on u.id = coalesce(t.completed_by, t.assignee_user_id)
    where t.customer_id = ${customerId} and t.status <> 'open'`;
}

export function openTasksJson(customerId: Expression<unknown>): RawBuilder<unknown> {
  return sql`coalesce((select jsonb_agg(jsonb_build_object(
      'id', t.id, 'title', t.title, 'kind', t.kind, 'dueAt', t.due_at, 'priority', t.priority,
      'assignee', case when u.id is null then null
                       else jsonb_build_object('id', u.id, 'name', u.display_name) end)
      order by t.due_at)
    from tasks t left join users u on u.id = t.assignee_user_id
    where t.customer_id = ${customerId} and t.status = 'open'), '[]'::jsonb)`;
}
