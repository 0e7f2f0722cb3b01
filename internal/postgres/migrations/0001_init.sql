-- 0001: the server's first schema, so `dz serve` starts on an empty database:
-- workspaces, hashed API keys, versioned context, decisions with their
-- feedback, and the outbound job queue. Numbered as in internal/sqlite.
-- JSON is kept as text, not jsonb: jsonb rejects the \u0000 escape a
-- customer's message may carry, and text keeps the bytes as written.
-- Ids that lists sort on use COLLATE "C": byte order, as in SQLite.

CREATE TABLE workspaces (
	id         bigserial   PRIMARY KEY,
	slug       text        NOT NULL UNIQUE,
	name       text        NOT NULL,
	created_at timestamptz NOT NULL
);

-- Only a hash of each secret is kept; the id is the secret's public prefix.
CREATE TABLE api_keys (
	id           text        COLLATE "C" PRIMARY KEY,
	workspace_id bigint      NOT NULL REFERENCES workspaces (id),
	name         text        NOT NULL,
	profiles     text        NOT NULL, -- JSON array of profile names
	secret_hash  text        NOT NULL UNIQUE,
	created_at   timestamptz NOT NULL,
	revoked_at   timestamptz
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at, id);

-- Every version of every entry stays: decisions name the versions they used.
CREATE TABLE context_entries (
	workspace_id bigint      NOT NULL REFERENCES workspaces (id),
	type         text        COLLATE "C" NOT NULL,
	id           text        COLLATE "C" NOT NULL,
	version      integer     NOT NULL,
	hash         text        NOT NULL,
	body         text        NOT NULL, -- JSON of the dz type; "null" for a tombstone
	deleted      boolean     NOT NULL,
	created_at   timestamptz NOT NULL,
	PRIMARY KEY (workspace_id, type, id, version)
);

-- The decision is kept whole as JSON; the columns beside it are what lists
-- filter on, and the unique index settles concurrent request_id duplicates.
CREATE TABLE decisions (
	workspace_id bigint      NOT NULL REFERENCES workspaces (id),
	id           text        COLLATE "C" NOT NULL,
	status       text        NOT NULL,
	outcome      text        NOT NULL,
	entity       text        NOT NULL,
	request_id   text, -- NULL when the caller sent none
	request_hash text        NOT NULL,
	body         text        NOT NULL,
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL,
	PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX decisions_request_id ON decisions (workspace_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX decisions_newest ON decisions (workspace_id, created_at DESC, id DESC);

CREATE TABLE feedback (
	id           bigserial   PRIMARY KEY,
	workspace_id bigint      NOT NULL,
	decision_id  text        COLLATE "C" NOT NULL,
	kind         text        NOT NULL,
	note         text        NOT NULL,
	outcome      text        NOT NULL,
	response     text        NOT NULL,
	created_at   timestamptz NOT NULL,
	FOREIGN KEY (workspace_id, decision_id) REFERENCES decisions (workspace_id, id)
);
CREATE INDEX feedback_decision ON feedback (workspace_id, decision_id, id);

-- (workspace, kind, key) is unique so enqueueing twice is a no-op.
CREATE TABLE jobs (
	id           bigserial   PRIMARY KEY,
	workspace_id bigint      NOT NULL REFERENCES workspaces (id),
	kind         text        NOT NULL,
	key          text        NOT NULL,
	payload      text        NOT NULL,
	run_at       timestamptz NOT NULL,
	attempts     integer     NOT NULL DEFAULT 0,
	last_error   text        NOT NULL DEFAULT '',
	done         boolean     NOT NULL DEFAULT false,
	UNIQUE (workspace_id, kind, key)
);
CREATE INDEX jobs_due ON jobs (kind, run_at, id) WHERE NOT done;
