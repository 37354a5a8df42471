-- Roles enforced by the server (issue 17): each team member logs in as a
-- database role of their own (margin team add), and what they may change
-- is decided here, for every client, psql included:
--   annotator: their own layer (annotations, relations, document labels),
--              their own statuses and history rows;
--   curator:   also the gold layer and verdicts;
--   lead:      also the schema, documents and every layer.
-- Table privileges (granted by margin_grant) say which tables a kind may
-- write at all; row-level security and margin_guard say which rows. The
-- project's owner (who ran margin init) is no member and is not limited.
CREATE TABLE members (
    role       text PRIMARY KEY, -- the database role, current_user when they connect
    person     text NOT NULL UNIQUE, -- their layer's name
    kind       text NOT NULL CHECK (kind IN ('annotator', 'curator', 'lead')),
    created_at timestamptz NOT NULL
);

CREATE FUNCTION margin_person() RETURNS text LANGUAGE sql STABLE
AS $$ SELECT person FROM members WHERE role = current_user $$;

CREATE FUNCTION margin_kind() RETURNS text LANGUAGE sql STABLE
AS $$ SELECT kind FROM members WHERE role = current_user $$;

-- Whether the connected member may write rows of layer (an annotator
-- name, "gold", or the actor of a history row).
CREATE FUNCTION margin_may_write(layer text) RETURNS boolean LANGUAGE sql STABLE
AS $$ SELECT CASE margin_kind()
    WHEN 'lead' THEN true
    WHEN 'curator' THEN layer = margin_person() OR layer = 'gold'
    WHEN 'annotator' THEN layer = margin_person()
    ELSE false END $$;

CREATE FUNCTION margin_guard() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
    IF margin_kind() IS NOT NULL AND NOT margin_may_write(OLD.annotator) THEN
        RAISE EXCEPTION 'margin: % (%) may not % %''s rows of %', margin_person(), margin_kind(), lower(TG_OP), OLD.annotator, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

-- The layer tables (every row has an annotator; a history row's is its
-- actor): new rows are checked by row-level security (WITH CHECK raises
-- an error), the old rows an UPDATE or DELETE touches by margin_guard,
-- because a USING clause would silently skip a colleague's row instead
-- of refusing.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['annotations', 'relations', 'doc_labels', 'doc_status', 'history'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY read ON %I FOR SELECT USING (true)', t);
        EXECUTE format('CREATE POLICY add ON %I FOR INSERT WITH CHECK (margin_may_write(annotator))', t);
        EXECUTE format('CREATE POLICY change ON %I FOR UPDATE USING (true) WITH CHECK (margin_may_write(annotator))', t);
        EXECUTE format('CREATE POLICY remove ON %I FOR DELETE USING (true)', t);
        EXECUTE format('CREATE TRIGGER guard BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION margin_guard()', t);
    END LOOP;
END $$;

ALTER TABLE annotators ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON annotators FOR SELECT USING (true);
CREATE POLICY add ON annotators FOR INSERT WITH CHECK (margin_may_write(name));

-- margin_add_member creates the login role and records the member; the
-- caller (the project's owner) needs CREATEROLE. Names and the password
-- reach the statements only through format's %I and %L quoting.
CREATE FUNCTION margin_add_member(role_name text, person_name text, member_kind text, password text) RETURNS void LANGUAGE plpgsql
AS $$
DECLARE
    writable text[] := ARRAY['annotations', 'relations', 'doc_labels', 'doc_status', 'history', 'annotators'];
    t text;
BEGIN
    IF member_kind NOT IN ('annotator', 'curator', 'lead') THEN
        RAISE EXCEPTION 'unknown role %: want annotator, curator or lead', member_kind;
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', role_name, password);
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), role_name);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), role_name);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), role_name);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', current_schema(), role_name);
    IF member_kind IN ('curator', 'lead') THEN
        writable := writable || ARRAY['verdicts'];
    END IF;
    IF member_kind = 'lead' THEN
        writable := writable || ARRAY['schemas', 'documents'];
    END IF;
    FOREACH t IN ARRAY writable LOOP
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON TABLE %I TO %I', t, role_name);
    END LOOP;
    INSERT INTO members (role, person, kind, created_at) VALUES (role_name, person_name, member_kind, now());
END $$;
