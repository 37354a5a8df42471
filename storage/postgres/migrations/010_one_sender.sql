-- Every change notification goes out through one function (issue 17's
-- duplicate review). Migrations 004 to 009 each wrote their notify
-- triggers with pg_notify calls of their own, and each later version of a
-- trigger repeated the earlier body to change how it sends (005, 006,
-- 007). Those migrations have run on existing servers and stay as they
-- are; this one redefines every notify trigger once more, so that each
-- only says WHAT changed and TO WHOM it may be told, and
-- margin_send_change (007) alone knows HOW: the shared channel or a
-- private one (006), at once or deferred to the flush (007).
--
-- The triggers run as the owner (SECURITY DEFINER): margin_send_change
-- is the owner's only (it resolves private channels from the secret),
-- and a lead's document or schema change fires them as the lead.

-- margin_send_layer_change tells a layer's change to those who may read
-- the layer: everyone outside blind mode; in blind mode the team and the
-- layer's own annotator (006). A change without a layer (l = '') goes to
-- the team only in blind mode.
CREATE FUNCTION margin_send_layer_change(payload jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    IF NOT margin_blind() THEN
        PERFORM margin_send_change('', payload);
        RETURN;
    END IF;
    PERFORM margin_send_change('team', payload);
    IF payload->>'l' <> '' THEN
        PERFORM margin_send_change('person:' || (payload->>'l'), payload);
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION margin_send_layer_change(jsonb) FROM PUBLIC;

-- margin_change is a notification's payload (004's JSON).
CREATE FUNCTION margin_change(kind text, doc bigint, layer text) RETURNS jsonb LANGUAGE sql IMMUTABLE
AS $$ SELECT jsonb_build_object('k', kind, 'd', doc, 'l', layer) $$;

-- One notification per changed document and layer; more than 100 pairs
-- (an import) are one "all" per layer (006 sent the team a single "all"
-- without a layer; a window reloads everything for either).
CREATE OR REPLACE FUNCTION margin_notify_layer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    many boolean := (SELECT count(*) > 100 FROM (SELECT DISTINCT doc_id, annotator FROM changed LIMIT 101) x);
BEGIN
    PERFORM margin_send_layer_change(margin_change(CASE WHEN many THEN 'all' ELSE TG_ARGV[0] END, d, annotator))
        FROM (SELECT DISTINCT CASE WHEN many THEN 0 ELSE doc_id END AS d, annotator FROM changed) x;
    RETURN NULL;
END $$;

-- Verdicts are gold's: in blind mode the team's only (003).
CREATE OR REPLACE FUNCTION margin_notify_verdicts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM margin_send_change(CASE WHEN margin_blind() THEN 'team' ELSE '' END, margin_change('verdict', doc_id, 'gold'))
        FROM (SELECT DISTINCT doc_id FROM changed LIMIT 100) x;
    RETURN NULL;
END $$;

-- What every member reads (documents, assignments, the schema, the team's
-- settings) goes to the shared channel. TG_ARGV[0] is the kind.
CREATE FUNCTION margin_notify_everyone() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM margin_send_change('', margin_change(TG_ARGV[0], 0, ''));
    RETURN NULL;
END $$;

-- Documents: told only when a row changed (004), so that an import of
-- documents the project has already reloads no window.
CREATE OR REPLACE FUNCTION margin_notify_documents() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        PERFORM margin_send_change('', margin_change('document', 0, ''));
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER notify_schema ON schemas;
DROP FUNCTION margin_notify_schema();
DROP TRIGGER notify_settings ON team_settings;
DROP FUNCTION margin_notify_settings();
DROP TRIGGER notify_assignments ON assignments;
DROP FUNCTION margin_notify_assignments();

CREATE TRIGGER notify_schema AFTER INSERT OR UPDATE OR DELETE ON schemas
    FOR EACH STATEMENT EXECUTE FUNCTION margin_notify_everyone('schema');
-- Blind mode on or off: what each window may read changed.
CREATE TRIGGER notify_settings AFTER INSERT OR UPDATE OR DELETE ON team_settings
    FOR EACH STATEMENT EXECUTE FUNCTION margin_notify_everyone('all');
CREATE TRIGGER notify_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH STATEMENT EXECUTE FUNCTION margin_notify_everyone('document');
