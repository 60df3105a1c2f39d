-- Tracker Hub schema (PostgreSQL 12+). Idempotent: run it once on your database (psql -f, or
-- example 22 "Tracker Hub 0: create the tables"). `npm start` runs it on the sandbox Postgres.
-- Every table is keyed by what the hub workflows upsert on; the primary keys are the indexes the
-- ON CONFLICT clauses use.

-- One row per conversion of every tracker and instance. `source` says which path wrote it:
-- 'poll' (a polling trigger: the tracker's own conversion id) or 'postback' (a postback webhook
-- trigger: "<click id>:<transaction id>"). A polled row replaces the postback row of the same
-- click (and transaction), so a conversion seen on both paths ends as one row.
CREATE TABLE IF NOT EXISTS conversions (
	tracker             text        NOT NULL,
	instance            text        NOT NULL DEFAULT 'main',
	conversion_id       text        NOT NULL,
	source              text        NOT NULL DEFAULT 'poll',
	click_id            text,
	transaction_id      text,
	campaign_id         text,
	campaign_name       text,
	offer_id            text,
	offer_name          text,
	status              text,       -- canonical: pending / approved / rejected / …
	raw_status          text,       -- the tracker's own status string
	previous_status     text,       -- the status before the last change seen
	previous_raw_status text,
	status_changed_at   timestamptz,
	revenue             numeric,
	currency            text,
	click_time          timestamptz,
	postback_time       timestamptz,
	country             text,
	sub_ids             jsonb,
	first_seen_at       timestamptz NOT NULL DEFAULT now(),
	updated_at          timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tracker, instance, conversion_id)
);
CREATE INDEX IF NOT EXISTS conversions_click_idx ON conversions (tracker, instance, click_id);
CREATE INDEX IF NOT EXISTS conversions_postback_time_idx ON conversions (postback_time);

-- Campaigns, offers, landing pages, flows, traffic sources… of every tracker and instance.
CREATE TABLE IF NOT EXISTS entities (
	tracker       text        NOT NULL,
	instance      text        NOT NULL DEFAULT 'main',
	type          text        NOT NULL, -- campaign / offer / landing / flow / source
	id            text        NOT NULL,
	name          text,
	state         text,
	parent_id     text,                 -- a flow's campaign
	raw           jsonb,
	first_seen_at timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tracker, instance, type, id)
);

-- One row per tracker, instance, day and campaign from the trackers' reports.
CREATE TABLE IF NOT EXISTS daily_stats (
	tracker       text    NOT NULL,
	instance      text    NOT NULL DEFAULT 'main',
	day           date    NOT NULL,
	campaign_id   text    NOT NULL,
	campaign_name text,
	clicks        bigint,
	conversions   bigint,
	revenue       numeric,
	cost          numeric,
	currency      text,
	updated_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tracker, instance, day, campaign_id)
);

-- Ad-network spend, as pushed to the tracker (dry_run: the tracker was not changed).
CREATE TABLE IF NOT EXISTS costs (
	tracker     text    NOT NULL,
	instance    text    NOT NULL DEFAULT 'main',
	day         date    NOT NULL,
	campaign_id text    NOT NULL,
	ad_network  text    NOT NULL,
	spend       numeric NOT NULL,
	currency    text,
	dry_run     boolean NOT NULL DEFAULT true,
	updated_at  timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tracker, instance, day, campaign_id, ad_network)
);

-- Profit per tracker, instance, day and campaign: the report's revenue next to the ad-network
-- spend (the report's own cost where no spend was recorded).
CREATE OR REPLACE VIEW profit AS
SELECT d.tracker, d.instance, d.day, d.campaign_id, d.campaign_name, d.revenue,
       COALESCE(s.spend, d.cost, 0) AS cost,
       COALESCE(d.revenue, 0) - COALESCE(s.spend, d.cost, 0) AS profit,
       CASE WHEN COALESCE(s.spend, d.cost, 0) > 0
            THEN round((COALESCE(d.revenue, 0) - COALESCE(s.spend, d.cost, 0)) * 100 / COALESCE(s.spend, d.cost), 2)
       END AS roi
FROM daily_stats d
LEFT JOIN (
	SELECT tracker, instance, day, campaign_id, sum(spend) AS spend
	FROM costs GROUP BY tracker, instance, day, campaign_id
) s USING (tracker, instance, day, campaign_id);
