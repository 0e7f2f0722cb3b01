-- 0005: what the dashboard filters and learns by (issue 6): each
-- decision's intent and searchable text (the request and what was
-- decided, not the trace) and risk level, and a resolution's actions, the
-- precedent it became and whether it did what the engine proposed: the
-- autonomy view counts these.

ALTER TABLE decisions ADD COLUMN intent TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN risk_level TEXT NOT NULL DEFAULT '';
CREATE INDEX decisions_intent ON decisions (workspace_id, intent, created_at);
CREATE INDEX decisions_outcome ON decisions (workspace_id, outcome, created_at);
-- The columns above sit after body, which for most decisions spills onto
-- overflow pages: this index covers the autonomy counts so they do not
-- walk every body.
CREATE INDEX decisions_autonomy ON decisions (workspace_id, status, intent, risk_level, outcome, id);

-- Each decision's searchable text lives in its own small rows, for the
-- same reason: a word search reads them, not the decisions.
CREATE TABLE decision_words (
	workspace_id INTEGER NOT NULL,
	decision_id  TEXT    NOT NULL,
	words        TEXT    NOT NULL, -- dz.SearchText
	PRIMARY KEY (workspace_id, decision_id)
) WITHOUT ROWID;

ALTER TABLE feedback ADD COLUMN actions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE feedback ADD COLUMN precedent TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN as_proposed INTEGER NOT NULL DEFAULT 0; -- 1: a resolve or override did what the engine proposed
CREATE INDEX feedback_kind ON feedback (workspace_id, kind, id);
CREATE INDEX feedback_decision_kind ON feedback (workspace_id, decision_id, kind, as_proposed); -- the autonomy counts' lookups
