-- 0002: signed webhooks (issue 4, item 6), numbered as in internal/sqlite.
-- Endpoints keep their signing secret as is, since signing needs it; the
-- delivery log keeps every attempt so a founder can see why an event did
-- not arrive. The delivery jobs themselves live in the jobs table of 0001
-- (kind "webhook"), written in the same transaction as the decision.

CREATE TABLE webhook_endpoints (
	id           text        COLLATE "C" PRIMARY KEY,
	workspace_id bigint      NOT NULL REFERENCES workspaces (id),
	url          text        NOT NULL,
	events       text        NOT NULL, -- JSON array of event names; [] means all
	secret       text        NOT NULL,
	created_at   timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints (workspace_id, created_at, id);

CREATE TABLE webhook_deliveries (
	id           bigserial   PRIMARY KEY,
	workspace_id bigint      NOT NULL,
	endpoint_id  text        COLLATE "C" NOT NULL REFERENCES webhook_endpoints (id),
	event_id     text        NOT NULL,
	event        text        NOT NULL,
	attempt      integer     NOT NULL,
	status_code  integer     NOT NULL, -- 0 when no response came back
	error        text        NOT NULL,
	duration_us  bigint      NOT NULL,
	created_at   timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (workspace_id, endpoint_id, id DESC);
