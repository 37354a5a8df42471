-- Removing a member, changing a member's role, and fewer of blind mode's
-- activity leaks (issue 17).
--
-- A removed member must lose everything at once: their rights, their
-- login, their open sessions, and what they knew of blind mode's private
-- channels (006 derives those names from a secret; a member who was told
-- "their" channel and wrote its name down would otherwise hear it
-- forever, since LISTEN needs no privilege).
--
-- Their role is dropped, not only disabled: a role is the whole server's,
-- and a disabled one would keep its name and its password's hash there.
-- Their layer stays: annotations, statuses and history rows carry the
-- member's name (annotator), not the role, so nothing a removed member
-- annotated is lost or changes hands, and agreement and exports keep
-- counting it. former_members records who was removed, by whom, when.
-- Adding the same name again gives that person their layer back with a
-- new role and password (how a leaked password is replaced).
--
-- Removal is two steps, because PostgreSQL checks a login against the
-- committed catalog: margin_team_remove disables the login, takes the
-- rights, forgets the member and changes the secret, and commits; only
-- then does margin_team_end_sessions end the member's sessions (a
-- session ended before that commit could log in again at once) and drop
-- the role. A removal cut between the two is finished by running it
-- again (margin_team_remove then returns the role it removed).
--
-- Who may: a lead removes annotators and curators; a lead is removed only
-- by the project's owner (two leads cannot lock each other out), and the
-- owner, who is no member, by nobody.

CREATE TABLE former_members (
    role       text NOT NULL,
    person     text NOT NULL,
    kind       text NOT NULL,
    removed_at timestamptz NOT NULL,
    removed_by text NOT NULL,
    dropped    boolean NOT NULL DEFAULT false, -- the role is gone from the server
    PRIMARY KEY (role, removed_at)
);
-- Members read nothing of it (it tells when a colleague left; the lead
-- and the owner see it through margin team list).
ALTER TABLE former_members ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON former_members FROM PUBLIC;

-- margin_caller_kind is what the person who called a SECURITY DEFINER
-- function is (by session_user, which a member cannot change): their
-- member kind, 'owner' for the owner (or a role that is a member of it),
-- NULL for anyone else.
CREATE FUNCTION margin_caller_kind() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$ SELECT COALESCE((SELECT kind FROM members WHERE role = session_user),
    CASE WHEN pg_has_role(session_user, current_user, 'MEMBER') THEN 'owner' END) $$;
REVOKE EXECUTE ON FUNCTION margin_caller_kind() FROM PUBLIC;

-- margin_require_lead refuses (42501) a caller who is neither a lead nor
-- the owner, saying what they tried ("add members to", ...).
CREATE FUNCTION margin_require_lead(what text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    caller text := margin_caller_kind();
BEGIN
    IF caller IS DISTINCT FROM 'lead' AND caller IS DISTINCT FROM 'owner' THEN
        RAISE EXCEPTION 'only a lead may % the team; % is %', what,
            COALESCE((SELECT person FROM members WHERE role = session_user), session_user::text), COALESCE(margin_a(caller), 'not a member')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION margin_require_lead(text) FROM PUBLIC;

-- margin_may_manage refuses (42501) a caller who may not remove or change
-- the member m (see the top of this file).
CREATE FUNCTION margin_may_manage(m members, what text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM margin_require_lead(what || ' members of');
    IF m.role = session_user THEN
        RAISE EXCEPTION '% may not % themselves; the project''s owner may', m.person, what
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF margin_caller_kind() = 'lead' AND m.kind = 'lead' THEN
        RAISE EXCEPTION '% is a lead, and only the project''s owner may % a lead', m.person, what
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION margin_may_manage(members, text) FROM PUBLIC;

-- margin_member_named is the member person_name, or raises: P0002 for no
-- such member, 42501 for the owner.
CREATE FUNCTION margin_member_named(person_name text) RETURNS members LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    m members%ROWTYPE;
BEGIN
    SELECT * INTO m FROM members WHERE person = person_name;
    IF FOUND THEN
        RETURN m;
    END IF;
    IF person_name = current_user::text THEN
        RAISE EXCEPTION '% is the project''s owner, not a member of the team: nobody removes or changes the owner', person_name
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'the team has no member named %', person_name USING ERRCODE = 'no_data_found';
END $$;
REVOKE EXECUTE ON FUNCTION margin_member_named(text) FROM PUBLIC;

-- margin_rotate_channels gives blind mode's private channels new names
-- (a new secret) and tells every listener to ask for its channels again
-- ("channels" on the shared channel; a Margin that does not know the kind
-- reloads everything). Whoever knew a channel's name hears nothing on it
-- any more. The membership functions run in transactions of their own,
-- which never defer, so the notice goes out at their commit.
CREATE FUNCTION margin_rotate_channels() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    UPDATE margin_listen_key SET secret = gen_random_uuid()::text || gen_random_uuid()::text;
    PERFORM margin_send_change('', margin_change('channels', 0, ''));
END $$;
REVOKE EXECUTE ON FUNCTION margin_rotate_channels() FROM PUBLIC;

-- margin_lead_functions are the membership functions a lead may call.
CREATE FUNCTION margin_lead_functions() RETURNS text[] LANGUAGE sql IMMUTABLE
AS $$ SELECT ARRAY['margin_team_add(text, text, text, text)', 'margin_team_remove(text)',
    'margin_team_end_sessions(text)', 'margin_team_set_kind(text, text)'] $$;

-- margin_kind_grants gives role_name what member_kind has beyond what
-- every member has (002, 003, 009): a curator writes verdicts; a lead
-- also the schema, documents and assignments, and calls the membership
-- functions. With grant false it takes them back. A role change revokes
-- the old kind's and grants the new kind's.
CREATE FUNCTION margin_kind_grants(role_name text, member_kind text, grant_them boolean) RETURNS void LANGUAGE plpgsql
AS $$
DECLARE
    verb text := CASE WHEN grant_them THEN 'GRANT %s ON %s %s TO %I' ELSE 'REVOKE %s ON %s %s FROM %I' END;
    f text;
BEGIN
    IF member_kind IN ('curator', 'lead') THEN
        EXECUTE format(verb, 'INSERT, UPDATE, DELETE', 'TABLE', 'verdicts', role_name);
    END IF;
    IF member_kind = 'lead' THEN
        EXECUTE format(verb, 'INSERT, UPDATE, DELETE', 'TABLE', 'schemas, documents, assignments', role_name);
        FOREACH f IN ARRAY margin_lead_functions() LOOP
            EXECUTE format(verb, 'EXECUTE', 'FUNCTION', f, role_name);
        END LOOP;
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION margin_kind_grants(text, text, boolean) FROM PUBLIC;

-- margin_team_remove is the first step of a removal (see the top); it
-- returns the member's role, for margin_team_end_sessions, and kind.
CREATE FUNCTION margin_team_remove(person_name text, OUT role text, OUT kind text) LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
DECLARE
    m members;
BEGIN
    -- A removal cut after this step (its role still on the server) is
    -- finished by the next: this step has nothing left to do.
    SELECT f.role, f.kind INTO role, kind FROM former_members f
        WHERE f.person = person_name AND NOT f.dropped AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = f.role)
            AND NOT EXISTS (SELECT 1 FROM members WHERE members.person = person_name)
        ORDER BY f.removed_at DESC LIMIT 1;
    IF FOUND THEN
        PERFORM margin_require_lead('remove members of');
        RETURN;
    END IF;
    m := margin_member_named(person_name);
    PERFORM margin_may_manage(m, 'remove');
    -- The owner (CREATEROLE) takes membership in the role, which ending
    -- its sessions and DROP OWNED need; DROP ROLE ends the membership.
    EXECUTE format('GRANT %I TO %I', m.role, current_user);
    EXECUTE format('ALTER ROLE %I NOLOGIN', m.role);
    -- Every privilege in this database (the CONNECT on it included); a
    -- member owns nothing but their temporary tables.
    EXECUTE format('DROP OWNED BY %I', m.role);
    DELETE FROM members WHERE members.role = m.role;
    INSERT INTO former_members AS f (role, person, kind, removed_at, removed_by)
        VALUES (m.role, m.person, m.kind, now(), COALESCE((SELECT x.person FROM members x WHERE x.role = session_user), session_user::text));
    PERFORM margin_rotate_channels();
    role := m.role;
    kind := m.kind;
END $$;

-- margin_team_end_sessions is the second step: it ends the removed
-- role's sessions (waiting up to 5 s for each to end) and drops the role.
-- It acts only on a role removed by margin_team_remove. A role that owns
-- something elsewhere on the server (another database) cannot be
-- dropped: it is left without login or rights, and dropped is false.
CREATE FUNCTION margin_team_end_sessions(role_name text, OUT sessions integer, OUT dropped boolean) LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
#variable_conflict use_column
BEGIN
    PERFORM margin_require_lead('remove members of');
    IF NOT EXISTS (SELECT 1 FROM former_members f WHERE f.role = role_name)
        OR EXISTS (SELECT 1 FROM members m WHERE m.role = role_name) THEN
        RAISE EXCEPTION '% is no removed member''s role', role_name USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) INTO sessions FROM pg_stat_activity WHERE usename = role_name;
    dropped := NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name);
    IF NOT dropped THEN
        BEGIN
            EXECUTE format('DROP ROLE %I', role_name);
            dropped := true;
        EXCEPTION WHEN dependent_objects_still_exist THEN
            dropped := false;
        END;
    END IF;
    UPDATE former_members SET dropped = margin_team_end_sessions.dropped WHERE role = role_name;
END $$;

-- margin_team_set_kind changes a member's role. Their audience in blind
-- mode may change with it (a curator made an annotator no longer hears
-- the team's channel), so the channels get new names too.
CREATE FUNCTION margin_team_set_kind(person_name text, member_kind text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    m members := margin_member_named(person_name);
BEGIN
    IF member_kind NOT IN ('annotator', 'curator', 'lead') THEN
        RAISE EXCEPTION 'unknown role %: want annotator, curator or lead', member_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM margin_may_manage(m, 'change the role of');
    IF m.kind = member_kind THEN
        RETURN;
    END IF;
    PERFORM margin_kind_grants(m.role, m.kind, false);
    PERFORM margin_kind_grants(m.role, member_kind, true);
    UPDATE members SET kind = member_kind WHERE role = m.role;
    PERFORM margin_rotate_channels();
END $$;

-- Blind mode's activity leaks that the project itself can close (issue
-- 17; README lists what stays inferable and why). margin_add_member (002)
-- granted USAGE on every sequence, which shows a member each sequence's
-- last value in pg_sequences: history_seq_seq counted every colleague's
-- edits. Members need none: an identity column's next value is taken
-- without a privilege check on its sequence, and Margin calls no nextval.
CREATE FUNCTION margin_narrow_member(role_name text) RETURNS void LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', current_schema(), role_name);
END $$;
REVOKE EXECUTE ON FUNCTION margin_narrow_member(text) FROM PUBLIC;
SELECT margin_narrow_member(role) FROM members;

-- margin_team_add as in 009, a new member also narrowed, a new lead also
-- getting the new membership functions.
CREATE OR REPLACE FUNCTION margin_team_add(role_name text, person_name text, member_kind text, password text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM margin_require_lead('add members to');
    PERFORM margin_add_member(role_name, person_name, member_kind, password);
    PERFORM margin_grant_team(role_name, member_kind);
    PERFORM margin_narrow_member(role_name);
    IF member_kind = 'lead' THEN
        PERFORM margin_kind_grants(role_name, 'lead', true);
    END IF;
END $$;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY margin_lead_functions() LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $$;
SELECT margin_kind_grants(role, 'lead', true) FROM members WHERE kind = 'lead';
