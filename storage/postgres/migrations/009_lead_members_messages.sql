-- Issue 17's tester on a private cluster:
--
-- 1. A lead manages the membership ("a lead also the schema, documents
--    and membership"), but `margin team add` run by a lead failed with
--    "permission denied to create role": creating a role needs CREATEROLE,
--    which only the owner has (README). margin_team_add runs as the owner
--    (SECURITY DEFINER) and itself checks that the caller is a lead or the
--    owner, by session_user, which a member cannot change; an annotator or
--    a curator is refused there, by the server.
--
-- 2. A refusal read "ana (annotator) may not write in gold's layer
--    (annotators)": the last word was a table's name. The guards now say
--    what was refused in words a person reads: "ana is an annotator and
--    may not change spans in gold's layer".
--
-- 3. Assignments told nobody: a lead's `margin assign` reached neither
--    the annotator's queue nor an open Progress window until they were
--    reloaded by hand. They notify as a document change on the shared
--    channel (everyone reads assignments, so blind mode hides nothing by
--    it).

-- margin_a is "an annotator", "a curator", "a lead" (NULL for NULL).
CREATE FUNCTION margin_a(kind text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN kind = 'annotator' THEN 'an ' ELSE 'a ' END || kind $$;

CREATE FUNCTION margin_team_add(role_name text, person_name text, member_kind text, password text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    caller_kind text := (SELECT kind FROM members WHERE role = session_user);
BEGIN
    IF caller_kind IS DISTINCT FROM 'lead' AND (caller_kind IS NOT NULL OR NOT pg_has_role(session_user, current_user, 'MEMBER')) THEN
        RAISE EXCEPTION 'only a lead may add members to the team; % is %', COALESCE((SELECT person FROM members WHERE role = session_user), session_user::text),
            COALESCE(margin_a(caller_kind), 'not a member')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM margin_add_member(role_name, person_name, member_kind, password);
    PERFORM margin_grant_team(role_name, member_kind);
    IF member_kind = 'lead' THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION margin_team_add(text, text, text, text) TO %I', role_name);
    END IF;
END $$;
REVOKE ALL ON FUNCTION margin_team_add(text, text, text, text) FROM PUBLIC;

DO $$
DECLARE
    r text;
BEGIN
    FOR r IN SELECT role FROM members WHERE kind = 'lead' LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION margin_team_add(text, text, text, text) TO %I', r);
    END LOOP;
END $$;

-- margin_refusal_what names a guarded table's rows for a person.
CREATE FUNCTION margin_refusal_what(tbl text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE tbl
    WHEN 'annotations' THEN 'spans'
    WHEN 'relations' THEN 'relations'
    WHEN 'doc_labels' THEN 'document labels'
    WHEN 'doc_status' THEN 'statuses'
    WHEN 'history' THEN 'the undo history'
    WHEN 'annotators' THEN 'anything'
    ELSE tbl END $$;

-- margin_guard_new and margin_guard as in 008 (what they allow is
-- unchanged), their messages as sentences.
CREATE OR REPLACE FUNCTION margin_guard_new() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
    layer text;
    k text;
    p text;
BEGIN
    IF TG_TABLE_NAME = 'annotators' THEN
        layer := NEW.name;
    ELSE
        layer := NEW.annotator;
    END IF;
    SELECT kind, person INTO k, p FROM members WHERE role = current_user;
    IF k IS NOT NULL AND NOT (k = 'lead' OR layer = p OR (k = 'curator' AND layer = 'gold')) THEN
        RAISE EXCEPTION '% is % and may not write % in %''s layer', p, margin_a(k), margin_refusal_what(TG_TABLE_NAME), layer
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION margin_guard() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
    k text;
    p text;
BEGIN
    SELECT kind, person INTO k, p FROM members WHERE role = current_user;
    IF k IS NOT NULL AND NOT (k = 'lead' OR OLD.annotator = p OR (k = 'curator' AND OLD.annotator = 'gold')) THEN
        RAISE EXCEPTION '% is % and may not % % in %''s layer', p, margin_a(k),
            CASE TG_OP WHEN 'DELETE' THEN 'delete' ELSE 'change' END, margin_refusal_what(TG_TABLE_NAME), OLD.annotator
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION margin_notify_assignments() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('margin_changes', jsonb_build_object('k', 'document', 'd', 0, 'l', '')::text);
    RETURN NULL;
END $$;

CREATE TRIGGER notify_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH STATEMENT EXECUTE FUNCTION margin_notify_assignments();
