-- What an edit costs the server, and temporary tables that impersonated
-- the team (issue 17).
--
-- 1. Nothing a member's session creates may stand in for the project's
-- tables. PostgreSQL looks unqualified table names up in the session's
-- temporary schema first (pg_temp) unless a search path names it last,
-- and every member may create temporary tables (margin_add_member grants
-- TEMPORARY). The functions behind row-level security and the guards
-- (margin_kind, margin_person, margin_blind, margin_guard,
-- margin_guard_new) named members and team_settings unqualified, and so
-- did the owner's SECURITY DEFINER functions (SET search_path FROM
-- CURRENT leaves pg_temp first): an annotator who ran
--     CREATE TEMP TABLE members (role text, person text, kind text);
--     INSERT INTO members VALUES (current_user, '<their name>', 'lead');
-- was a lead to the policies and guards of their session (they could
-- change a colleague's annotations), could turn blind mode off
-- (margin_set_blind) and hear the team's private channel
-- (margin_listen_channels). Now every function that reads a table
-- searches the project's schema, then pg_catalog, then pg_temp last.
--
-- 2. The lookups cost a third of an edit's server time. They were SQL
-- functions that cannot be inlined (they read a table): PostgreSQL 15
-- parses and plans such a function's body again in every statement that
-- calls it, and a span's update called four (the read policy's
-- margin_kind and margin_blind, the write check's margin_kind and
-- margin_person), its history row two more. The policies now hold the
-- lookups' queries themselves as scalar subqueries, which the planner
-- plans with the statement and runs once per statement (InitPlans, and
-- only if needed) instead of once per row: a member's read of a
-- document's spans no longer calls two functions per span either. The
-- functions stay, as PL/pgSQL (compiled once per session, their plan
-- kept), for the triggers, functions and client. What the policies allow is
-- unchanged: the rules of margin_may_write and margin_may_read, each kept
-- in one place below, from which both the policies and those two
-- functions are written.
--
-- 3. The live notifications of an edit (007, 010) cost a quarter of its
-- server time: per changed statement two scans of the transition table
-- and two nested SECURITY DEFINER calls, each change kept as a JSON array
-- parsed and re-serialized by every statement, then parsed again by the
-- flush. Now the trigger builds its lines of (audience, payload) in one
-- statement, a deferring transaction appends them to the session's text
-- (one JSON object a line, margin.pending_changes), and margin_send_lines
-- sends lines, now or at the flush. Duplicates are not filtered by hand:
-- PostgreSQL delivers one notification per channel and payload per
-- transaction. Who hears what is unchanged (010's margin_send_layer_change
-- rule: everyone outside blind mode; in blind mode the team and the
-- layer's own annotator).

-- 006's channel of an audience, in PL/pgSQL (2. below), with a search
-- path of its own (set at the end).
CREATE OR REPLACE FUNCTION margin_channel(audience text) RETURNS text LANGUAGE plpgsql STABLE
AS $$ BEGIN RETURN (SELECT 'margin_' || left(encode(sha256(convert_to(secret || ':' || audience, 'UTF8')), 'hex'), 40) FROM margin_listen_key); END $$;

DO $migration$
DECLARE
    -- The rules, each once: who may write a layer, who may read it.
    -- %1$s is the layer, %2$s the member's kind, %3$s their person, %4$s
    -- whether blind mode is on.
    may_write text := $r$CASE %2$s WHEN 'lead' THEN true WHEN 'curator' THEN %1$s = %3$s OR %1$s = 'gold' WHEN 'annotator' THEN %1$s = %3$s ELSE false END$r$;
    may_read text := $r$(%2$s IS DISTINCT FROM 'annotator' OR NOT %4$s OR %1$s = %3$s)$r$;
    -- The lookups, each once: the connected member's kind and person,
    -- whether blind mode is on.
    kind text := $r$(SELECT kind FROM members WHERE role = current_user)$r$;
    person text := $r$(SELECT person FROM members WHERE role = current_user)$r$;
    blind text := $r$COALESCE((SELECT value = 'on' FROM team_settings WHERE key = 'blind'), false)$r$;
    t text;
BEGIN
    -- The lookups as functions, for PL/pgSQL and the client: PL/pgSQL, so
    -- compiled once per session and their plans kept, each with a search
    -- path of its own (set at the end): a cached plan is planned again
    -- whenever it runs under another search path than the one it was
    -- planned with, and these run both in members' statements and in the
    -- owner's functions.
    EXECUTE format($f$CREATE OR REPLACE FUNCTION margin_kind() RETURNS text LANGUAGE plpgsql STABLE
        AS $b$ BEGIN RETURN %s; END $b$$f$, kind);
    EXECUTE format($f$CREATE OR REPLACE FUNCTION margin_person() RETURNS text LANGUAGE plpgsql STABLE
        AS $b$ BEGIN RETURN %s; END $b$$f$, person);
    EXECUTE format($f$CREATE OR REPLACE FUNCTION margin_blind() RETURNS boolean LANGUAGE plpgsql STABLE
        AS $b$ BEGIN RETURN %s; END $b$$f$, blind);

    -- Still SQL without a table: the planner inlines them where they are
    -- called.
    EXECUTE format($f$CREATE OR REPLACE FUNCTION margin_may_write(layer text) RETURNS boolean LANGUAGE sql STABLE
        AS $b$ SELECT %s $b$$f$, format(may_write, 'layer', 'margin_kind()', 'margin_person()'));
    EXECUTE format($f$CREATE OR REPLACE FUNCTION margin_may_read(layer text) RETURNS boolean LANGUAGE sql STABLE
        AS $b$ SELECT %s $b$$f$, format(may_read, 'layer', 'margin_kind()', 'margin_person()', 'margin_blind()'));

    -- The policies of 002 and 003, the lookups written in as scalar
    -- subqueries: run once per statement and only if needed (InitPlans),
    -- planned with the statement, their tables fixed when the policy is
    -- written (no search path applies).
    FOREACH t IN ARRAY ARRAY['annotations', 'relations', 'doc_labels', 'doc_status', 'history'] LOOP
        EXECUTE format('ALTER POLICY add ON %I WITH CHECK (%s)', t,
            format(may_write, 'annotator', kind, person));
        EXECUTE format('ALTER POLICY change ON %I USING (true) WITH CHECK (%s)', t,
            format(may_write, 'annotator', kind, person));
    END LOOP;
    EXECUTE format('ALTER POLICY add ON annotators WITH CHECK (%s)',
        format(may_write, 'name', kind, person));
    FOREACH t IN ARRAY ARRAY['annotations', 'relations', 'doc_labels', 'history'] LOOP
        EXECUTE format('ALTER POLICY read ON %I USING %s', t,
            format(may_read, 'annotator', kind, person, '(SELECT ' || blind || ')'));
    END LOOP;
    EXECUTE format($p$ALTER POLICY read ON verdicts USING (%s IS DISTINCT FROM 'annotator' OR NOT (SELECT %s))$p$, kind, blind);
END $migration$;

-- margin_send_lines sends lines of pending changes (one JSON object a
-- line, {"a": audience, "p": payload}; audience '' is the shared
-- channel, others are resolved to their private channel, 006) and
-- returns how many. Only the owner's functions call it.
CREATE FUNCTION margin_send_lines(lines text) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    n integer;
BEGIN
    SELECT count(pg_notify(CASE WHEN i->>'a' = '' THEN 'margin_changes' ELSE margin_channel(i->>'a') END, (i->'p')::text))
        INTO n
        FROM (SELECT line::jsonb AS i FROM string_to_table(lines, E'\n') WITH ORDINALITY AS l(line, o) WHERE line <> '' ORDER BY o) x
        WHERE jsonb_typeof(i) = 'object' AND i ? 'a' AND i ? 'p';
    RETURN n;
END $$;
REVOKE EXECUTE ON FUNCTION margin_send_lines(text) FROM PUBLIC;

-- margin_defer_or_send sends lines now, or keeps them for the flush when
-- the transaction defers its changes (007).
CREATE FUNCTION margin_defer_or_send(lines text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
AS $$
BEGIN
    IF lines IS NULL OR lines = '' THEN
        RETURN;
    END IF;
    IF current_setting('margin.defer_changes', true) IS DISTINCT FROM 'on' THEN
        PERFORM margin_send_lines(lines);
        RETURN;
    END IF;
    -- Session-wide (not LOCAL), so that it outlives the COMMIT; a
    -- rollback undoes it with the rest of the transaction.
    PERFORM set_config('margin.pending_changes', COALESCE(current_setting('margin.pending_changes', true), '') || lines, false);
END $$;
REVOKE EXECUTE ON FUNCTION margin_defer_or_send(text) FROM PUBLIC;

-- margin_send_change as 007 defined it (one change to one audience, now
-- or deferred), for the triggers and functions that call it.
CREATE OR REPLACE FUNCTION margin_send_change(audience text, payload jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
AS $$
BEGIN
    PERFORM margin_defer_or_send(jsonb_build_object('a', audience, 'p', payload)::text || E'\n');
END $$;

-- margin_flush_changes as 007's: sends what deferring transactions kept,
-- in their order, and forgets it. A session may still hold 007's JSON
-- array (kept by the release before this migration): it is sent too.
CREATE OR REPLACE FUNCTION margin_flush_changes() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    pending text := current_setting('margin.pending_changes', true);
BEGIN
    IF pending IS NULL OR pending = '' THEN
        RETURN 0;
    END IF;
    PERFORM set_config('margin.pending_changes', '', false);
    IF left(pending, 1) = '[' THEN
        SELECT string_agg(value::text || E'\n', '' ORDER BY o) INTO pending
            FROM jsonb_array_elements(pending::jsonb) WITH ORDINALITY AS e(value, o);
    END IF;
    RETURN margin_send_lines(pending);
END $$;

-- margin_notify_layer: the lines of 010's rule. One query (a scan of the
-- transition table), the rest plain expressions: an edit changes one
-- document of one layer, and a query costs its executor's start and end.
-- More than 100 changed documents and layers (an import) are one "all"
-- per layer, as in 010.
CREATE OR REPLACE FUNCTION margin_notify_layer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
AS $$
DECLARE
    pairs jsonb;
    pair jsonb;
    payload jsonb;
    many boolean;
    blind boolean;
    lines text := '';
BEGIN
    SELECT jsonb_agg(DISTINCT jsonb_build_array(doc_id, annotator)) INTO pairs FROM changed;
    IF pairs IS NULL THEN
        RETURN NULL;
    END IF;
    many := jsonb_array_length(pairs) > 100;
    IF many THEN
        SELECT jsonb_agg(DISTINCT jsonb_build_array(0, p->1)) INTO pairs FROM jsonb_array_elements(pairs) p;
    END IF;
    blind := margin_blind();
    FOR i IN 0 .. jsonb_array_length(pairs) - 1 LOOP
        pair := pairs->i;
        payload := margin_change(CASE WHEN many THEN 'all' ELSE TG_ARGV[0] END, (pair->>0)::bigint, pair->>1);
        lines := lines || margin_layer_lines(payload, blind);
    END LOOP;
    IF current_setting('margin.defer_changes', true) IS DISTINCT FROM 'on' THEN
        PERFORM margin_send_lines(lines);
    ELSE
        -- As margin_defer_or_send, without a call more per statement.
        PERFORM set_config('margin.pending_changes', COALESCE(current_setting('margin.pending_changes', true), '') || lines, false);
    END IF;
    RETURN NULL;
END $$;

-- 010's margin_change, STABLE for the same reason (see below).
CREATE OR REPLACE FUNCTION margin_change(kind text, doc bigint, layer text) RETURNS jsonb LANGUAGE sql STABLE
AS $$ SELECT jsonb_build_object('k', kind, 'd', doc, 'l', layer) $$;

-- margin_layer_lines are the lines that tell a layer's change (payload)
-- to those who may read the layer (010): everyone outside blind mode; in
-- blind mode the team, and the layer's own annotator. STABLE, as
-- jsonb_build_object is: the planner inlines a SQL function only if it
-- is no less volatile than its body, and otherwise parses and plans it
-- again in every transaction that calls it.
CREATE FUNCTION margin_layer_lines(payload jsonb, blind boolean) RETURNS text LANGUAGE sql STABLE
AS $$ SELECT CASE WHEN NOT blind THEN jsonb_build_object('a', '', 'p', payload)::text || E'\n'
    ELSE jsonb_build_object('a', 'team', 'p', payload)::text || E'\n'
        || CASE WHEN payload->>'l' <> '' THEN jsonb_build_object('a', 'person:' || (payload->>'l'), 'p', payload)::text || E'\n' ELSE '' END END $$;

-- 010's margin_send_layer_change: its rule is margin_notify_layer's now.
DROP FUNCTION margin_send_layer_change(jsonb);

-- Every other function that reads a table: the project's schema, then
-- pg_catalog, then the session's temporary tables (1. above). The SQL
-- helpers without a table stay without a search path of their own, so
-- that the planner still inlines them.
DO $migration$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
            WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'margin\_%'
                AND p.proname NOT IN ('margin_may_write', 'margin_may_read', 'margin_change', 'margin_layer_lines', 'margin_a', 'margin_refusal_what',
                    'margin_lead_functions', 'margin_expect_one') LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema());
    END LOOP;
END $migration$;
