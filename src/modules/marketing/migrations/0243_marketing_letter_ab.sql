-- A/B tests of letters (issue 5): a print run has no opens or clicks, so each variant of a
-- letter campaign with a response code gets its own code, `<code>-<variant>` (SPRING26-B),
-- printed on its letters; the winner is the variant whose recipients quoted their code most.
alter table marketing_campaigns drop constraint marketing_campaigns_ab_metric_check;
alter table marketing_campaigns add constraint marketing_campaigns_ab_metric_check
  check (ab_metric in ('open_rate', 'click_rate', 'registration_rate', 'call_success_rate',
                       'response_rate'));

-- Every code a lead may quote, with the campaign (and letter variant) it credits. Derived, not
-- stored: variants are rewritten on every change of a draft, and a code follows its campaign's.
-- The campaign service refuses a code that would equal another campaign's code or variant code.
create view marketing_response_codes as
  select c.id as campaign_id, null::text as variant, c.response_code as code
    from marketing_campaigns c
   where c.response_code is not null
  union all
  select c.id, v.key, c.response_code || '-' || v.key
    from marketing_campaigns c
    join marketing_campaign_variants v on v.campaign_id = c.id
   where c.response_code is not null and c.channel = 'mail';
