-- 0004: the dashboard's users and sessions (issue 6). Passwords are kept
-- as bcrypt hashes and session cookies as SHA-256 hashes of their token.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	workspace_id  INTEGER NOT NULL REFERENCES workspaces (id),
	email         TEXT    NOT NULL UNIQUE,
	name          TEXT    NOT NULL,
	role          TEXT    NOT NULL,
	password_hash TEXT    NOT NULL,
	created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX users_workspace ON users (workspace_id, id);

CREATE TABLE sessions (
	token_hash   TEXT    PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id),
	workspace_id INTEGER NOT NULL,
	csrf         TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expiry ON sessions (expires_at);
