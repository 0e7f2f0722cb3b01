-- 0004: the dashboard's users and sessions (issue 6), numbered as in
-- internal/sqlite. Passwords are kept as bcrypt hashes and session cookies
-- as SHA-256 hashes of their token.

CREATE TABLE users (
	id            bigserial   PRIMARY KEY,
	workspace_id  bigint      NOT NULL REFERENCES workspaces (id),
	email         text        NOT NULL UNIQUE,
	name          text        NOT NULL,
	role          text        NOT NULL,
	password_hash text        NOT NULL,
	created_at    timestamptz NOT NULL
);
CREATE INDEX users_workspace ON users (workspace_id, id);

CREATE TABLE sessions (
	token_hash   text        PRIMARY KEY,
	user_id      bigint      NOT NULL REFERENCES users (id),
	workspace_id bigint      NOT NULL,
	csrf         text        NOT NULL,
	created_at   timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
