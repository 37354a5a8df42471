-- Suggestions on a server project (issues 16 and 17): the recommenders'
-- proposals, the decision log, where an accepted annotation came from,
-- the trained models and their settings, as the project file keeps them
-- (storage/migrations/004), with one difference: each row belongs to a
-- person (the column person, a member's layer name), as a layer does.
--
-- In a project file they are shared, which suits one person or a few
-- exchanging files. On a team's server they cannot be: one annotator's
-- reject would hide a suggestion from everyone, her accept would mark it
-- accepted for colleagues who never saw it, and in blind mode a model
-- trained by a lead on every layer, or a colleague's decision log, would
-- tell an annotator her colleagues' labels. So each person trains their
-- own recommenders (on the layers they may read), gets their own
-- suggestions and decides on them; the server keeps them apart:
--   every member writes only their own rows, a lead included: nothing
--   in Margin acts on a colleague's suggestions (a lead's "suggest run"
--   makes the lead's own), and a reject must stay the rejecter's;
--   an annotator reads only her own; curators and leads read everyone's
--   (the decision log of the whole team is for the methods section);
--   the decision log is append-only for members (no UPDATE or DELETE).
-- The owner (who ran margin init) is no member and is not limited.

CREATE TABLE suggestions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person      text NOT NULL,
    doc_id      bigint NOT NULL REFERENCES documents(id),
    recommender text NOT NULL,
    version     integer NOT NULL DEFAULT 0,
    label       text NOT NULL,
    set_name    text NOT NULL DEFAULT '',
    start_cp    integer NOT NULL DEFAULT 0,
    end_cp      integer NOT NULL DEFAULT 0,
    fragments   jsonb,
    text        text NOT NULL DEFAULT '',
    attributes  jsonb NOT NULL DEFAULT '{}',
    score       double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    source      text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at  timestamptz NOT NULL
);
CREATE INDEX suggestions_doc ON suggestions(person, doc_id, recommender, status, start_cp);
-- "a rejected suggestion never comes back": looked up by text and label.
CREATE INDEX suggestions_rejected ON suggestions(person, doc_id, label, text) WHERE status = 'rejected';

CREATE TABLE suggestion_decisions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person        text NOT NULL,
    suggestion_id bigint NOT NULL,
    doc_id        bigint NOT NULL,
    action        text NOT NULL CHECK (action IN ('shown', 'accepted', 'rejected', 'corrected', 'skipped')),
    at            timestamptz NOT NULL,
    recommender   text NOT NULL,
    label         text NOT NULL,
    new_label     text NOT NULL DEFAULT '',
    start_cp      integer NOT NULL DEFAULT 0,
    end_cp        integer NOT NULL DEFAULT 0,
    text          text NOT NULL DEFAULT '',
    score         double precision NOT NULL DEFAULT 0,
    annotation_id text NOT NULL DEFAULT ''
);
CREATE INDEX suggestion_decisions_doc ON suggestion_decisions(doc_id, id);

-- person is the layer of the annotation made.
CREATE TABLE annotation_origins (
    annotation_id text PRIMARY KEY,
    person        text NOT NULL,
    suggestion_id bigint NOT NULL,
    recommender   text NOT NULL,
    version       integer NOT NULL,
    score         double precision NOT NULL
);

CREATE TABLE recommender_models (
    person      text NOT NULL,
    recommender text NOT NULL,
    version     integer NOT NULL,
    kind        text NOT NULL,
    data        bytea NOT NULL,
    evaluation  text NOT NULL DEFAULT '{}',
    trained_on  text NOT NULL DEFAULT '',
    annotations integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (person, recommender, version)
);

CREATE TABLE recommender_settings (
    person    text NOT NULL,
    name      text NOT NULL,
    enabled   boolean NOT NULL DEFAULT true,
    threshold double precision NOT NULL DEFAULT 0 CHECK (threshold >= 0 AND threshold <= 1),
    PRIMARY KEY (person, name)
);

-- margin_guard_person refuses a member's row of another person with a
-- message that names it, before row-level security would refuse it with
-- PostgreSQL's generic words, and an UPDATE or DELETE of a colleague's
-- row a curator or lead can read (a USING clause would skip it silently).
CREATE FUNCTION margin_guard_person() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
    me text := margin_person();
    whose text := CASE TG_OP WHEN 'DELETE' THEN OLD.person ELSE NEW.person END;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.person IS DISTINCT FROM me THEN
        whose := OLD.person;
    END IF;
    IF whose IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'margin: % (%) may not change %''s suggestions (%)', margin_person(), margin_kind(), whose, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['suggestions', 'suggestion_decisions', 'annotation_origins', 'recommender_models', 'recommender_settings'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        -- Scalar subqueries, as in 012: planned once per statement.
        EXECUTE format($p$CREATE POLICY read ON %I FOR SELECT USING (
            (SELECT kind FROM members WHERE role = current_user) IS DISTINCT FROM 'annotator'
            OR person = (SELECT person FROM members WHERE role = current_user))$p$, t);
        EXECUTE format('CREATE POLICY add ON %I FOR INSERT WITH CHECK (person = (SELECT person FROM members WHERE role = current_user))', t);
        EXECUTE format('CREATE POLICY change ON %I FOR UPDATE USING (true) WITH CHECK (person = (SELECT person FROM members WHERE role = current_user))', t);
        EXECUTE format('CREATE POLICY remove ON %I FOR DELETE USING (true)', t);
        -- The owner (current_user here) is spared the call per row.
        EXECUTE format('CREATE TRIGGER guard_person BEFORE INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW WHEN (current_user <> %L) EXECUTE FUNCTION margin_guard_person()', t, current_user);
    END LOOP;
END $$;

-- margin_grant_suggestions gives a member (any kind) the rights on these
-- tables; which rows is the policies' and the guard's business. The
-- decision log takes no UPDATE or DELETE from a member.
CREATE FUNCTION margin_grant_suggestions(role_name text) RETURNS void LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON suggestions, annotation_origins, recommender_models, recommender_settings TO %I', role_name);
    EXECUTE format('GRANT SELECT, INSERT ON suggestion_decisions TO %I', role_name);
END $$;
REVOKE EXECUTE ON FUNCTION margin_grant_suggestions(text) FROM PUBLIC;
SELECT margin_grant_suggestions(role) FROM members;

-- margin_team_add as in 011, a new member also getting these rights.
CREATE OR REPLACE FUNCTION margin_team_add(role_name text, person_name text, member_kind text, password text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
BEGIN
    PERFORM margin_require_lead('add members to');
    PERFORM margin_add_member(role_name, person_name, member_kind, password);
    PERFORM margin_grant_team(role_name, member_kind);
    PERFORM margin_narrow_member(role_name);
    PERFORM margin_grant_suggestions(role_name);
    IF member_kind = 'lead' THEN
        PERFORM margin_kind_grants(role_name, 'lead', true);
    END IF;
END $$;
