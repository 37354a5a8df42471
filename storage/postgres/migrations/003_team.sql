-- Team work (issue 17): assignment of documents to members, and blind
-- mode, both enforced by the server like the roles of migration 002.
--
-- assignments: which member (person, their layer's name) is asked to
-- annotate which document. Only a lead (or the owner) writes it.
CREATE TABLE assignments (
    doc_id      bigint NOT NULL REFERENCES documents(id),
    person      text NOT NULL,
    assigned_at timestamptz NOT NULL,
    assigned_by text NOT NULL,
    PRIMARY KEY (doc_id, person)
);
CREATE INDEX assignments_person ON assignments(person, doc_id);

-- team_settings: project-wide switches; written only through functions
-- that check the caller (margin_set_blind).
CREATE TABLE team_settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE FUNCTION margin_blind() RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT COALESCE((SELECT value = 'on' FROM team_settings WHERE key = 'blind'), false) $$;

-- Whether the connected member may read rows of layer: in blind mode an
-- annotator reads only their own layer (not colleagues', not gold);
-- curators, leads and the owner read everything.
CREATE FUNCTION margin_may_read(layer text) RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT margin_kind() IS DISTINCT FROM 'annotator' OR NOT margin_blind() OR layer = margin_person() $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['annotations', 'relations', 'doc_labels', 'history'] LOOP
        EXECUTE format('DROP POLICY read ON %I', t);
        EXECUTE format('CREATE POLICY read ON %I FOR SELECT USING (margin_may_read(annotator))', t);
    END LOOP;
END $$;

-- Verdicts hold the compared items: hidden from annotators in blind mode.
ALTER TABLE verdicts ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON verdicts FOR SELECT USING (margin_kind() IS DISTINCT FROM 'annotator' OR NOT margin_blind());
CREATE POLICY write ON verdicts FOR ALL USING (true) WITH CHECK (true);

-- margin_set_blind turns blind mode on or off. It runs as the project's
-- owner (SECURITY DEFINER), so it checks the person who called it
-- (session_user): a lead, or a role that is (a member of) the owner.
CREATE FUNCTION margin_set_blind(turn_on boolean) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    caller_kind text := (SELECT kind FROM members WHERE role = session_user);
BEGIN
    IF caller_kind IS DISTINCT FROM 'lead' AND (caller_kind IS NOT NULL OR NOT pg_has_role(session_user, current_user, 'MEMBER')) THEN
        RAISE EXCEPTION 'margin: only a lead may turn blind mode on or off; % is %', session_user, COALESCE(caller_kind, 'no member')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO team_settings (key, value) VALUES ('blind', CASE WHEN turn_on THEN 'on' ELSE 'off' END)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
END $$;
REVOKE ALL ON FUNCTION margin_set_blind(boolean) FROM PUBLIC;

-- margin_grant_team gives a member the rights of this migration's
-- tables: everyone reads them and may call margin_set_blind (which
-- checks the caller itself); a lead writes assignments. AddMember calls
-- it after margin_add_member, and it is applied here to the members
-- added before this migration.
CREATE FUNCTION margin_grant_team(role_name text, member_kind text) RETURNS void LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('GRANT SELECT ON assignments, team_settings TO %I', role_name);
    EXECUTE format('GRANT EXECUTE ON FUNCTION margin_set_blind(boolean) TO %I', role_name);
    IF member_kind = 'lead' THEN
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON assignments TO %I', role_name);
    END IF;
END $$;

SELECT margin_grant_team(role, kind) FROM members;

-- margin_guard_new refuses a member's new or changed row in a layer they
-- may not write with a message that names it, before row-level security
-- would refuse it with PostgreSQL's generic "new row violates row-level
-- security policy" (which the window would show).
CREATE FUNCTION margin_guard_new() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
    layer text := COALESCE(to_jsonb(NEW)->>'annotator', to_jsonb(NEW)->>'name');
BEGIN
    IF margin_kind() IS NOT NULL AND NOT margin_may_write(layer) THEN
        RAISE EXCEPTION 'margin: % (%) may not write in %''s layer (%)', margin_person(), margin_kind(), layer, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['annotations', 'relations', 'doc_labels', 'doc_status', 'history', 'annotators'] LOOP
        -- WHEN spares the owner (who runs the migrations and the big
        -- imports, and is no member) a function call per row.
        EXECUTE format('CREATE TRIGGER guard_new BEFORE INSERT OR UPDATE ON %I FOR EACH ROW WHEN (current_user <> %L) EXECUTE FUNCTION margin_guard_new()', t, current_user);
    END LOOP;
END $$;
