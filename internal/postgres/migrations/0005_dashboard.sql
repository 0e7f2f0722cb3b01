-- 0005: what the dashboard filters and learns by (issue 6), numbered as in
-- internal/sqlite: each decision's intent and searchable text (the request
-- and what was decided, not the trace), and a resolution's actions and the
-- precedent it became.

ALTER TABLE decisions ADD COLUMN intent text NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN search text NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN risk_level text NOT NULL DEFAULT '';
CREATE INDEX decisions_intent ON decisions (workspace_id, intent, created_at);
CREATE INDEX decisions_outcome ON decisions (workspace_id, outcome, created_at);

ALTER TABLE feedback ADD COLUMN actions text NOT NULL DEFAULT '[]';
ALTER TABLE feedback ADD COLUMN precedent text NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN as_proposed integer NOT NULL DEFAULT 0; -- 1: a resolve or override did what the engine proposed
CREATE INDEX feedback_kind ON feedback (workspace_id, kind, id);
CREATE INDEX feedback_decision_kind ON feedback (workspace_id, decision_id, kind, as_proposed); -- the autonomy counts' lookups
