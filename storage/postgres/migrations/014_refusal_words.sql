-- The refusal of blind mode's switch (003) in the words of the other
-- refusals since 009 ("ann is an annotator"): the member's name, not the
-- database role, and no "margin:" prefix, which the client's message
-- already carries ("refused by the server: margin: only a lead …"
-- doubled it). Who may switch it is unchanged.
CREATE OR REPLACE FUNCTION margin_set_blind(turn_on boolean) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    caller_kind text := (SELECT kind FROM members WHERE role = session_user);
BEGIN
    IF caller_kind IS DISTINCT FROM 'lead' AND (caller_kind IS NOT NULL OR NOT pg_has_role(session_user, current_user, 'MEMBER')) THEN
        RAISE EXCEPTION 'only a lead may turn blind mode on or off; % is %',
            COALESCE((SELECT person FROM members WHERE role = session_user), session_user::text),
            COALESCE(margin_a(caller_kind), 'not a member')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO team_settings (key, value) VALUES ('blind', CASE WHEN turn_on THEN 'on' ELSE 'off' END)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
END $$;
-- CREATE OR REPLACE drops the search path 012 gave it: the project's
-- schema, then pg_catalog, then the session's temporary tables last.
DO $migration$
BEGIN
    EXECUTE format('ALTER FUNCTION margin_set_blind(boolean) SET search_path = %I, pg_catalog, pg_temp', current_schema());
END $migration$;
