-- Blind mode (003_team) and live updates (004_live): while blind mode is
-- on, a layer notification does not name the layer, so that an annotator's
-- listener does not learn who is working where (the document id stays:
-- the window needs it, and document lists show every document anyway).
-- A window takes a change without a layer as one of any layer.
CREATE OR REPLACE FUNCTION margin_notify_layer() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
    pairs jsonb[];
    p jsonb;
    blind boolean := margin_blind();
BEGIN
    SELECT array_agg(jsonb_build_object('k', TG_ARGV[0], 'd', doc_id, 'l', CASE WHEN blind THEN '' ELSE annotator END))
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
