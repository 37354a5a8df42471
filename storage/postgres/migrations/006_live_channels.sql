-- Blind mode and live updates (issue 17), replacing 005: in blind mode an
-- annotator must not learn from LISTEN/NOTIFY what colleagues do (which
-- document, which layer, how often), and the server must enforce it.
--
-- Why not a payload without names on the shared channel (005): PostgreSQL
-- lets any role that may connect LISTEN on any channel (LISTEN has no
-- privilege), so whatever is sent on margin_changes reaches every
-- annotator, and even an empty payload tells when and how often
-- colleagues write. What is sent there must therefore be what every
-- member may read anyway.
--
-- So in blind mode a layer's notifications go to channels whose names
-- only their audience can learn: margin_<hash(secret, audience)>, where
-- the secret is a random value in margin_listen_key, which no member can
-- read (row-level security without a policy: members get no row, though
-- margin_add_member grants SELECT on every table) and only the owner's
-- functions use (SECURITY DEFINER). Audiences:
--   team            curators, leads and the owner: every layer, verdicts;
--   person:<name>   that annotator's own windows: their own layer.
-- margin_listen_channels() tells the caller (by session_user, which a
-- member cannot change) the channels they may hear; a guessed name is a
-- 160-bit hash. The channel names of others' sessions are not visible in
-- pg_stat_activity (other roles' query text is hidden) nor in
-- pg_listening_channels() (one's own session only).
--
-- Outside blind mode everyone may read every layer, and everything goes
-- to margin_changes as in 004. Documents and the schema always do (every
-- member reads them), and so does a change of team_settings (blind mode
-- on or off), as "all": what each window may read has changed. Since the
-- listener hears the same channels in both modes, turning blind mode on
-- or off needs no new LISTEN.
--
-- Statuses are readable by everyone (the progress matrix), but their
-- notifications follow the layer's audience too: a status's timing tells
-- what a colleague is doing now, which reading the table later does not.

CREATE TABLE margin_listen_key (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    secret   text NOT NULL
);
ALTER TABLE margin_listen_key ENABLE ROW LEVEL SECURITY; -- no policy: no member reads it
REVOKE ALL ON margin_listen_key FROM PUBLIC;
INSERT INTO margin_listen_key (secret) VALUES (gen_random_uuid()::text || gen_random_uuid()::text);

-- margin_channel is the channel of audience; only the owner (and the
-- owner's SECURITY DEFINER functions) may call it.
CREATE FUNCTION margin_channel(audience text) RETURNS text LANGUAGE sql STABLE
AS $$ SELECT 'margin_' || left(encode(sha256(convert_to(secret || ':' || audience, 'UTF8')), 'hex'), 40) FROM margin_listen_key $$;
REVOKE EXECUTE ON FUNCTION margin_channel(text) FROM PUBLIC;

CREATE FUNCTION margin_listen_channels() RETURNS text[] LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    m members%ROWTYPE;
BEGIN
    SELECT * INTO m FROM members WHERE role = session_user;
    IF FOUND AND m.kind = 'annotator' THEN
        RETURN ARRAY['margin_changes', margin_channel('person:' || m.person)];
    END IF;
    IF FOUND OR pg_has_role(session_user, current_user, 'MEMBER') THEN -- curator, lead, owner
        RETURN ARRAY['margin_changes', margin_channel('team')];
    END IF;
    RETURN ARRAY['margin_changes'];
END $$;

-- The notify functions run as the owner (SECURITY DEFINER) to reach the
-- secret; a trigger function cannot be called directly.
CREATE OR REPLACE FUNCTION margin_notify_layer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    pairs jsonb[];
    p jsonb;
    team text;
    layer text;
BEGIN
    SELECT array_agg(jsonb_build_object('k', TG_ARGV[0], 'd', doc_id, 'l', annotator))
        INTO pairs FROM (SELECT DISTINCT doc_id, annotator FROM changed LIMIT 101) x;
    IF pairs IS NULL THEN
        RETURN NULL;
    END IF;
    IF NOT margin_blind() THEN
        IF array_length(pairs, 1) > 100 THEN
            PERFORM pg_notify('margin_changes', jsonb_build_object('k', 'all', 'd', 0, 'l', '')::text);
            RETURN NULL;
        END IF;
        FOREACH p IN ARRAY pairs LOOP
            PERFORM pg_notify('margin_changes', p::text);
        END LOOP;
        RETURN NULL;
    END IF;
    team := margin_channel('team');
    IF array_length(pairs, 1) > 100 THEN
        PERFORM pg_notify(team, jsonb_build_object('k', 'all', 'd', 0, 'l', '')::text);
        FOR layer IN SELECT DISTINCT annotator FROM changed LOOP
            PERFORM pg_notify(margin_channel('person:' || layer), jsonb_build_object('k', 'all', 'd', 0, 'l', layer)::text);
        END LOOP;
        RETURN NULL;
    END IF;
    FOREACH p IN ARRAY pairs LOOP
        PERFORM pg_notify(team, p::text);
        PERFORM pg_notify(margin_channel('person:' || (p->>'l')), p::text);
    END LOOP;
    RETURN NULL;
END $$;

-- Verdicts: hidden from annotators in blind mode (003), so heard by the
-- team only.
CREATE OR REPLACE FUNCTION margin_notify_verdicts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    d bigint;
    ch text := CASE WHEN margin_blind() THEN margin_channel('team') ELSE 'margin_changes' END;
BEGIN
    FOR d IN SELECT DISTINCT doc_id FROM changed LIMIT 100 LOOP
        PERFORM pg_notify(ch, jsonb_build_object('k', 'verdict', 'd', d, 'l', 'gold')::text);
    END LOOP;
    RETURN NULL;
END $$;

CREATE FUNCTION margin_notify_settings() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_notify('margin_changes', jsonb_build_object('k', 'all', 'd', 0, 'l', '')::text);
    RETURN NULL;
END $$;

CREATE TRIGGER notify_settings AFTER INSERT OR UPDATE OR DELETE ON team_settings
    FOR EACH STATEMENT EXECUTE FUNCTION margin_notify_settings();

-- The edit ids (004) tell when each role wrote: a member reads only their
-- own (a replay checks only its own ids), not colleagues' rhythm.
ALTER TABLE margin_edits ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON margin_edits FOR SELECT USING (by_role = current_user);
CREATE POLICY add ON margin_edits FOR INSERT WITH CHECK (by_role = current_user);
