-- 0003: the append-only audit log (issue 5), numbered as in internal/sqlite.
-- Each workspace's decisions are leaves of an RFC 6962 Merkle tree:
-- audit_records keeps each record's committed fields, audit_nodes every
-- complete subtree's hash (leaves included) keyed by level<<48 | index,
-- audit_heads the log's size, root and right border (concatenated 32-byte
-- hashes). Appends lock the workspace's head row, so servers sharing the
-- database never give two records one index. The signing key is kept
-- with the data.

CREATE TABLE audit_records (
	workspace_id bigint      NOT NULL REFERENCES workspaces (id),
	idx          bigint      NOT NULL, -- leaf index, from 0
	decision_id  text        COLLATE "C" NOT NULL,
	fields       text        NOT NULL, -- audit.EncodeFields: a JSON array of {name, commitment, salt, json}, each value embedded as its JSON text
	created_at   timestamptz NOT NULL,
	PRIMARY KEY (workspace_id, idx),
	UNIQUE (workspace_id, decision_id)
);

CREATE TABLE audit_nodes (
	workspace_id bigint NOT NULL,
	node         bigint NOT NULL,
	hash         bytea  NOT NULL,
	PRIMARY KEY (workspace_id, node)
);

CREATE TABLE audit_heads (
	workspace_id bigint PRIMARY KEY REFERENCES workspaces (id),
	size         bigint NOT NULL,
	root         bytea  NOT NULL,
	border       bytea  NOT NULL
);

CREATE TABLE audit_keys (
	id          integer     PRIMARY KEY CHECK (id = 1),
	signing_key text        NOT NULL,
	created_at  timestamptz NOT NULL
);

CREATE TABLE audit_links (
	token        text        COLLATE "C" PRIMARY KEY,
	workspace_id bigint      NOT NULL REFERENCES workspaces (id),
	decision_id  text        COLLATE "C" NOT NULL,
	created_at   timestamptz NOT NULL,
	revoked_at   timestamptz
);
CREATE INDEX audit_links_decision ON audit_links (workspace_id, decision_id);
