-- A/B tests by send time (issue 5: variants differ in "subject, body, send time"). A variant may
-- carry its own send time: {"kind": "hour", "hour": 18} (18:00 on each person's clock) or
-- {"kind": "at", "at": "<ISO instant>"}; null sends at once, as before.
alter table marketing_campaign_variants add column send_time jsonb;

-- When the test's wait starts: the last of the test's messages to be released (the latest
-- variant's time, after quiet hours). Null: the wait counts from test_sent_at, as before.
alter table marketing_campaigns add column ab_judge_from timestamptz;
