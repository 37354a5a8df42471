-- Blind mode's remaining activity leaks, closed by a superuser in the
-- project's database only (margin team harden; see README).
--
-- PostgreSQL's statistics views and size functions live in pg_catalog,
-- owned by the bootstrap superuser, and are granted to PUBLIC: the
-- project's owner (no superuser) cannot revoke them. Through them any
-- member counts colleagues' work: pg_stat_user_tables' n_tup_ins on
-- annotations and history, pg_stat_database's commits,
-- pg_stat_user_functions' calls of margin_flush_changes, a table's size,
-- pg_stat_activity's sessions, pg_locks' writers, and
-- pg_notification_queue_usage(). Each database has its own pg_catalog, so
-- revoking them here changes no other database. A view runs with its
-- owner's rights, so both the views and the functions under them are
-- revoked. The project's owner (who owns its tables) and pg_read_all_stats
-- (monitoring) get them back; members are neither.
DO $$
DECLARE
    owner text := (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'project');
    v regclass;
    f regprocedure;
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'only a superuser may revoke PostgreSQL''s statistics from the team; % is none', current_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF owner IS NULL THEN
        RAISE EXCEPTION 'database % holds no Margin project', current_database() USING ERRCODE = 'undefined_table';
    END IF;
    FOR v IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'pg_catalog' AND c.relkind = 'v' AND (c.relname LIKE 'pg\_stat%' OR c.relname = 'pg_locks') LOOP
        EXECUTE format('REVOKE SELECT ON %s FROM PUBLIC', v);
        EXECUTE format('GRANT SELECT ON %s TO %I, pg_read_all_stats', v, owner);
    END LOOP;
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'pg_catalog' AND (p.proname LIKE 'pg\_stat\_get\_%' OR p.proname IN (
            'pg_relation_size', 'pg_total_relation_size', 'pg_table_size', 'pg_indexes_size', 'pg_database_size',
            'pg_notification_queue_usage', 'pg_lock_status', 'pg_blocking_pids', 'pg_safe_snapshot_blocking_pids')) LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I, pg_read_all_stats', f, owner);
    END LOOP;
END $$;
