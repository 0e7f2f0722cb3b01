-- 0001: the server's first schema, so `dz serve` starts on an empty file:
-- workspaces, hashed API keys, versioned context, decisions with their
-- feedback, and the outbound job queue. Times are unix microseconds (UTC),
-- the precision PostgreSQL keeps, so both stores answer alike.

CREATE TABLE workspaces (
	id         INTEGER PRIMARY KEY,
	slug       TEXT    NOT NULL UNIQUE,
	name       TEXT    NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

-- Only a hash of each secret is kept; the id is the secret's public prefix.
CREATE TABLE api_keys (
	id           TEXT    PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	name         TEXT    NOT NULL,
	profiles     TEXT    NOT NULL, -- JSON array of profile names
	secret_hash  TEXT    NOT NULL UNIQUE,
	created_at   INTEGER NOT NULL,
	revoked_at   INTEGER
) STRICT;
CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at, id);

-- Every version of every entry stays: decisions name the versions they used.
CREATE TABLE context_entries (
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	type         TEXT    NOT NULL,
	id           TEXT    NOT NULL,
	version      INTEGER NOT NULL,
	hash         TEXT    NOT NULL,
	body         TEXT    NOT NULL, -- JSON of the dz type; "null" for a tombstone
	deleted      INTEGER NOT NULL,
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (workspace_id, type, id, version)
) STRICT;

-- The decision is kept whole as JSON; the columns beside it are what lists
-- filter on and what makes request_id idempotent.
CREATE TABLE decisions (
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	id           TEXT    NOT NULL,
	status       TEXT    NOT NULL,
	outcome      TEXT    NOT NULL,
	entity       TEXT    NOT NULL,
	request_id   TEXT, -- NULL when the caller sent none
	request_hash TEXT    NOT NULL,
	body         TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (workspace_id, id)
) STRICT;
CREATE UNIQUE INDEX decisions_request_id ON decisions (workspace_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX decisions_newest ON decisions (workspace_id, created_at DESC, id DESC);

CREATE TABLE feedback (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL,
	decision_id  TEXT    NOT NULL,
	kind         TEXT    NOT NULL,
	note         TEXT    NOT NULL,
	outcome      TEXT    NOT NULL,
	response     TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	FOREIGN KEY (workspace_id, decision_id) REFERENCES decisions (workspace_id, id)
) STRICT;
CREATE INDEX feedback_decision ON feedback (workspace_id, decision_id, id);

-- (workspace, kind, key) is unique so enqueueing twice is a no-op.
CREATE TABLE jobs (
	id           INTEGER PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	kind         TEXT    NOT NULL,
	key          TEXT    NOT NULL,
	payload      TEXT    NOT NULL,
	run_at       INTEGER NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT    NOT NULL DEFAULT '',
	done         INTEGER NOT NULL DEFAULT 0,
	UNIQUE (workspace_id, kind, key)
) STRICT;
CREATE INDEX jobs_due ON jobs (kind, run_at, id) WHERE done = 0;
