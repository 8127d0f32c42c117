import { sql } from 'kysely';
import { systemActor, withActor } from '../auth/index.ts';
import type { Db } from '../db/database.ts';

/**
 * After-visit follow-up calls of the demo's past two years, about two in three answered with a
 * CSI score, so that the CSI dashboard and the weekly pack show figures on a fresh install.
 * Scores lean high as real ones do (most owners give 8-10); a low score carries a comment in the
 * owner's language. Set-based and deterministic for a seed (a hash of the visit id, not
 * random()); visits that already have a follow-up are left alone, so loading again adds none.
 */
export async function loadDemoCsi(db: Db, options: { seed: number }): Promise<number> {
  // the audit trigger records who wrote the rows
  const result = await withActor(db, systemActor('demo'), (tx) =>
    sql`
    with picked as (
      select v.id as visit_id, v.customer_id, v.dealer_id, v.visit_date,
             -- two independent draws from one hash of visit and seed
             ('x' || substr(md5(v.id::text || ${String(options.seed)}), 1, 4))::bit(16)::int % 100
               as answered_draw,
             ('x' || substr(md5(v.id::text || ${String(options.seed)}), 5, 4))::bit(16)::int % 100
               as score_draw,
             coalesce(c.preferred_language::text, 'ru') as language
        from service_visits v
        join customers c on c.id = v.customer_id
       where v.visit_date between current_date - 730 and current_date - 4
         and not exists (select 1 from service_follow_ups f where f.visit_id = v.id)
    ),
    scored as (
      select p.*,
             case when score_draw < 2 then 2 when score_draw < 4 then 3 when score_draw < 6 then 4
                  when score_draw < 9 then 5 when score_draw < 13 then 6 when score_draw < 22 then 7
                  when score_draw < 42 then 8 when score_draw < 70 then 9 else 10 end as score
        from picked p
       where answered_draw < 65
    )
    insert into service_follow_ups (visit_id, customer_id, dealer_id, due_at, csi_score, comment,
                                    completed_at)
    select s.visit_id, s.customer_id, s.dealer_id,
           s.visit_date + time '10:00' + interval '3 days', s.score,
           case when s.score <= 6 then
             case s.language
               when 'zh' then (array['等待交车时间太长', '没有提前告知费用', '洗车不干净'])[1 + s.score_draw % 3]
               when 'en' then (array['Waited too long for the car', 'The price was not agreed beforehand',
                                     'The car was returned dirty'])[1 + s.score_draw % 3]
               else (array['Долго ждал выдачи автомобиля', 'Стоимость не согласовали заранее',
                           'Машину вернули грязной'])[1 + s.score_draw % 3]
             end
           end,
           s.visit_date + time '10:00' + interval '3 days' + (s.score_draw % 8) * interval '1 hour'
      from scored s`.execute(tx),
  );
  return Number(result.numAffectedRows ?? 0);
}
