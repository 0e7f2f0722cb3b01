-- 0003: the append-only audit log (issue 5). Each workspace's decisions
-- are leaves of an RFC 6962 Merkle tree: audit_records keeps each record's
-- committed fields, audit_nodes every complete subtree's hash (leaves
-- included) keyed by level<<48 | index, audit_heads the log's size, root
-- and right border (the compact range, concatenated 32-byte hashes) so an
-- append reads one row. The signing key is kept with the data.

CREATE TABLE audit_records (
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	idx          INTEGER NOT NULL, -- leaf index, from 0
	decision_id  TEXT    NOT NULL,
	fields       TEXT    NOT NULL, -- audit.EncodeFields: a JSON array of {name, commitment, salt, json}, each value embedded as its JSON text
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (workspace_id, idx),
	UNIQUE (workspace_id, decision_id)
) STRICT;

CREATE TABLE audit_nodes (
	workspace_id INTEGER NOT NULL,
	node         INTEGER NOT NULL,
	hash         BLOB    NOT NULL,
	PRIMARY KEY (workspace_id, node)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_heads (
	workspace_id INTEGER PRIMARY KEY REFERENCES workspaces (id),
	size         INTEGER NOT NULL,
	root         BLOB    NOT NULL,
	border       BLOB    NOT NULL
) STRICT;

CREATE TABLE audit_keys (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	signing_key TEXT    NOT NULL,
	created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_links (
	token        TEXT    PRIMARY KEY,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
	decision_id  TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	revoked_at   INTEGER
) STRICT;
CREATE INDEX audit_links_decision ON audit_links (workspace_id, decision_id);
