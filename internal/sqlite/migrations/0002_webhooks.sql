-- 0002: signed webhooks (issue 4, item 6). Endpoints keep their signing
-- secret as is, since signing needs it; the delivery log keeps every
-- attempt so a founder can see why an event did not arrive. The delivery
-- jobs themselves live in the jobs table of 0001 (kind "webhook"), written
-- in the same transaction as the decision that caused them.

CREATE TABLE webhook_endpoints (
	id           TEXT    PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	url          TEXT    NOT NULL,
	events       TEXT    NOT NULL, -- JSON array of event names; [] means all
	secret       TEXT    NOT NULL,
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints (workspace_id, created_at, id);

CREATE TABLE webhook_deliveries (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL,
	endpoint_id  TEXT    NOT NULL REFERENCES webhook_endpoints (id),
	event_id     TEXT    NOT NULL,
	event        TEXT    NOT NULL,
	attempt      INTEGER NOT NULL,
	status_code  INTEGER NOT NULL, -- 0 when no response came back
	error        TEXT    NOT NULL,
	duration_us  INTEGER NOT NULL,
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (workspace_id, endpoint_id, id DESC);
