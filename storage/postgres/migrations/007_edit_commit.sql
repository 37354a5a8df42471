-- One round trip per edit (issue 17's team latency target).
--
-- NOTIFY serializes commits: PostgreSQL takes one lock for the whole
-- cluster's notification queue in the committing transaction and holds it
-- until its commit record is flushed to disk, so with the live triggers
-- (004_live) twenty annotators' edits committed one fsync at a time, and
-- four fifths of their server time was spent waiting for that lock.
--
-- A transaction may instead ask for its notifications to be deferred
-- (SET LOCAL margin.defer_changes = 'on'): the triggers then keep the
-- payloads in the session (margin.pending_changes, undone with the
-- transaction on rollback), and margin_flush_changes, run right after
-- COMMIT in the same round trip (storage/postgres/onetrip.go), sends them
-- in a transaction of its own. That transaction changes no table: its
-- commit record (NOTIFY gives it a transaction id) is not waited for on
-- disk, since nothing durable depends on it, so it holds the queue's lock
-- for microseconds instead of an fsync. Edits commit in groups again.
-- Every other transaction (psql, imports, undo) notifies at its commit as
-- before.

-- Blind mode (006_live_channels) sends colleagues' layer changes on
-- private channels whose names members must never learn, and a session
-- setting is readable by its session: so what a deferring transaction
-- keeps is the audience ('' for the shared channel, 'team',
-- 'person:<name>'), never a channel name, and the channel is resolved
-- when the change is sent, by the owner (SECURITY DEFINER).

-- margin_send_change sends (or, when the transaction defers, keeps) one
-- change notification to an audience. Only the owner's notify triggers
-- call it.
CREATE FUNCTION margin_send_change(audience text, payload jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    pending jsonb;
    item jsonb := jsonb_build_object('a', audience, 'p', payload);
BEGIN
    IF current_setting('margin.defer_changes', true) IS DISTINCT FROM 'on' THEN
        PERFORM pg_notify(CASE WHEN audience = '' THEN 'margin_changes' ELSE margin_channel(audience) END, payload::text);
        RETURN;
    END IF;
    pending := COALESCE(NULLIF(current_setting('margin.pending_changes', true), ''), '[]')::jsonb;
    IF NOT pending @> jsonb_build_array(item) THEN
        -- Session-wide (not LOCAL), so that it outlives the COMMIT; a
        -- rollback undoes it with the rest of the transaction.
        PERFORM set_config('margin.pending_changes', (pending || jsonb_build_array(item))::text, false);
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION margin_send_change(text, jsonb) FROM PUBLIC;

-- margin_flush_changes sends the notifications that deferring
-- transactions kept, in their order, and forgets them. Members call it
-- (after each one-trip edit); it runs as the owner to resolve the private
-- channels. A member who forges the setting can at most make colleagues'
-- windows re-read what they may read anyway.
CREATE FUNCTION margin_flush_changes() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    pending text := current_setting('margin.pending_changes', true);
    item jsonb;
    n integer := 0;
BEGIN
    IF pending IS NULL OR pending = '' THEN
        RETURN 0;
    END IF;
    PERFORM set_config('margin.pending_changes', '', false);
    FOR item IN SELECT value FROM jsonb_array_elements(pending::jsonb) WITH ORDINALITY ORDER BY ordinality LOOP
        IF jsonb_typeof(item) <> 'object' OR NOT (item ? 'a') OR NOT (item ? 'p') THEN
            CONTINUE;
        END IF;
        PERFORM pg_notify(CASE WHEN item->>'a' = '' THEN 'margin_changes' ELSE margin_channel(item->>'a') END, (item->'p')::text);
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;

-- margin_notify_layer as 006_live_channels wrote it, sending through
-- margin_send_change (the one change).
CREATE OR REPLACE FUNCTION margin_notify_layer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
    pairs jsonb[];
    p jsonb;
    layer text;
BEGIN
    SELECT array_agg(jsonb_build_object('k', TG_ARGV[0], 'd', doc_id, 'l', annotator))
        INTO pairs FROM (SELECT DISTINCT doc_id, annotator FROM changed LIMIT 101) x;
    IF pairs IS NULL THEN
        RETURN NULL;
    END IF;
    IF NOT margin_blind() THEN
        IF array_length(pairs, 1) > 100 THEN
            PERFORM margin_send_change('', jsonb_build_object('k', 'all', 'd', 0, 'l', ''));
            RETURN NULL;
        END IF;
        FOREACH p IN ARRAY pairs LOOP
            PERFORM margin_send_change('', p);
        END LOOP;
        RETURN NULL;
    END IF;
    IF array_length(pairs, 1) > 100 THEN
        PERFORM margin_send_change('team', jsonb_build_object('k', 'all', 'd', 0, 'l', ''));
        FOR layer IN SELECT DISTINCT annotator FROM changed LOOP
            PERFORM margin_send_change('person:' || layer, jsonb_build_object('k', 'all', 'd', 0, 'l', layer));
        END LOOP;
        RETURN NULL;
    END IF;
    FOREACH p IN ARRAY pairs LOOP
        PERFORM margin_send_change('team', p);
        PERFORM margin_send_change('person:' || (p->>'l'), p);
    END LOOP;
    RETURN NULL;
END $$;

-- margin_expect_one raises (SQLSTATE MG001) unless n is 1: a one-trip
-- edit's guarded write (the row exactly as the client last wrote it)
-- found the row changed, and the whole transaction is undone; the client
-- then does the edit the long way, reading the row first.
CREATE FUNCTION margin_expect_one(n bigint, what text) RETURNS void LANGUAGE plpgsql
AS $$
BEGIN
    IF n IS DISTINCT FROM 1 THEN
        RAISE EXCEPTION 'margin: % changed since this client last wrote it', what USING ERRCODE = 'MG001';
    END IF;
END $$;
