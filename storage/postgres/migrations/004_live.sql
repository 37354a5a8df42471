-- Live updates (issue 17): every committed change to a layer, a document
-- or the schema sends a small NOTIFY on the channel margin_changes, which
-- open windows LISTEN to (listen.go). The payload is JSON:
--   {"k": kind, "d": document id (0: none or many), "l": layer}
-- Statement-level triggers with transition tables: an import of a
-- million spans sends one notification per document and layer, not one
-- per row, and more than 100 documents in one statement are one "all".
-- NOTIFY is delivered only at commit, and not at all on rollback.

CREATE FUNCTION margin_notify_layer() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
    pairs jsonb[];
    p jsonb;
BEGIN
    SELECT array_agg(jsonb_build_object('k', TG_ARGV[0], 'd', doc_id, 'l', annotator))
        INTO pairs FROM (SELECT DISTINCT doc_id, annotator FROM changed LIMIT 101) x;
    IF pairs IS NULL THEN
        RETURN NULL;
    END IF;
    IF array_length(pairs, 1) > 100 THEN
        PERFORM pg_notify('margin_changes', jsonb_build_object('k', 'all', 'd', 0, 'l', '')::text);
        RETURN NULL;
    END IF;
    FOREACH p IN ARRAY pairs LOOP
        PERFORM pg_notify('margin_changes', p::text);
    END LOOP;
    RETURN NULL;
END $$;

-- Verdicts are the curator's: their layer is gold.
CREATE FUNCTION margin_notify_verdicts() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
    d bigint;
BEGIN
    FOR d IN SELECT DISTINCT doc_id FROM changed LIMIT 100 LOOP
        PERFORM pg_notify('margin_changes', jsonb_build_object('k', 'verdict', 'd', d, 'l', 'gold')::text);
    END LOOP;
    RETURN NULL;
END $$;

-- Documents added or removed change the document list, whichever they are.
CREATE FUNCTION margin_notify_documents() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        PERFORM pg_notify('margin_changes', jsonb_build_object('k', 'document', 'd', 0, 'l', '')::text);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION margin_notify_schema() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('margin_changes', jsonb_build_object('k', 'schema', 'd', 0, 'l', '')::text);
    RETURN NULL;
END $$;

-- A trigger with a transition table serves one event, hence three per table.
DO $$
DECLARE
    t text[];
BEGIN
    FOREACH t SLICE 1 IN ARRAY ARRAY[
        ARRAY['annotations', 'margin_notify_layer', 'annotation'],
        ARRAY['relations', 'margin_notify_layer', 'relation'],
        ARRAY['doc_labels', 'margin_notify_layer', 'doclabel'],
        ARRAY['doc_status', 'margin_notify_layer', 'status'],
        ARRAY['verdicts', 'margin_notify_verdicts', ''],
        ARRAY['documents', 'margin_notify_documents', '']] LOOP
        EXECUTE format('CREATE TRIGGER notify_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION %I(%L)', t[1], t[2], t[3]);
        EXECUTE format('CREATE TRIGGER notify_update AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION %I(%L)', t[1], t[2], t[3]);
        EXECUTE format('CREATE TRIGGER notify_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION %I(%L)', t[1], t[2], t[3]);
    END LOOP;
END $$;

CREATE TRIGGER notify_schema AFTER INSERT OR UPDATE OR DELETE ON schemas
    FOR EACH STATEMENT EXECUTE FUNCTION margin_notify_schema();

-- The ids of edits a client sent with an id of its own (an offline
-- queue's replay): an edit whose commit's outcome the client did not
-- learn is sent again, and its id, recorded in the edit's transaction,
-- says it was applied. Every member may record ids; an id is a random
-- UUID and says nothing about the edit.
CREATE TABLE margin_edits (
    id      text PRIMARY KEY,
    by_role text NOT NULL DEFAULT current_user,
    at      timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON margin_edits TO PUBLIC;
