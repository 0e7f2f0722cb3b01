-- A decision's body (about 16 KB of JSON) and its audit record's fields
-- (about 30 KB) are compressed when stored (TOAST). PostgreSQL's default,
-- pglz, cost more CPU per decision than the rest of the write: with lz4,
-- dz bench against a local PostgreSQL 15 went from 467 to 617 decisions/s
-- (docs/performance.md). A server built without lz4 keeps these values
-- uncompressed instead, which measured the same. Values stored earlier
-- stay as they are.
DO $$
BEGIN
	EXECUTE 'ALTER TABLE decisions ALTER COLUMN body SET COMPRESSION lz4, ALTER COLUMN search SET COMPRESSION lz4';
	EXECUTE 'ALTER TABLE audit_records ALTER COLUMN fields SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN
	EXECUTE 'ALTER TABLE decisions ALTER COLUMN body SET STORAGE EXTERNAL, ALTER COLUMN search SET STORAGE EXTERNAL';
	EXECUTE 'ALTER TABLE audit_records ALTER COLUMN fields SET STORAGE EXTERNAL';
END
$$;
