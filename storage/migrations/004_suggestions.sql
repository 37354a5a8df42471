-- Suggestions (issue 16): recommenders' proposals, kept apart from
-- annotations, with the decision log and the trained models. Nothing here
-- refers to another migration's additions beyond 001, so the file can be
-- renumbered at a merge; IF NOT EXISTS makes applying it twice (a file
-- written before a renumbering) harmless.

-- One row per proposal. A span has start/end (first and last fragment)
-- and fragments as JSON when there is more than one; a document-label
-- proposal has set_name and no span. status: pending, accepted, rejected.
CREATE TABLE IF NOT EXISTS suggestions (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id),
    recommender TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0,
    label       TEXT NOT NULL,
    set_name    TEXT NOT NULL DEFAULT '',
    start       INTEGER NOT NULL DEFAULT 0,
    end         INTEGER NOT NULL DEFAULT 0,
    fragments   TEXT,
    text        TEXT NOT NULL DEFAULT '',
    attributes  TEXT NOT NULL DEFAULT '{}',
    score       REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    source      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS suggestions_doc ON suggestions(doc_id, recommender, status, start);
-- "a rejected suggestion never comes back": looked up by text and label.
CREATE INDEX IF NOT EXISTS suggestions_rejected ON suggestions(doc_id, label, text) WHERE status = 'rejected';

-- The decision log: append-only, a copy of what was decided on, so it
-- stays readable when a recommender's pending suggestions are replaced.
CREATE TABLE IF NOT EXISTS suggestion_decisions (
    id            INTEGER PRIMARY KEY,
    suggestion_id INTEGER NOT NULL,
    doc_id        INTEGER NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('shown', 'accepted', 'rejected', 'corrected', 'skipped')),
    by_name       TEXT NOT NULL,
    at            TEXT NOT NULL,
    recommender   TEXT NOT NULL,
    label         TEXT NOT NULL,
    new_label     TEXT NOT NULL DEFAULT '',
    start         INTEGER NOT NULL DEFAULT 0,
    end           INTEGER NOT NULL DEFAULT 0,
    text          TEXT NOT NULL DEFAULT '',
    score         REAL NOT NULL DEFAULT 0,
    annotation_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS suggestion_decisions_doc ON suggestion_decisions(doc_id, id);

-- Where an annotation made by accepting a suggestion came from. Keyed by
-- the annotation id as text (the annotations table stores ids compactly,
-- storage/ids.go); a row outlives an undone accept and counts again when
-- redo brings the annotation back.
CREATE TABLE IF NOT EXISTS annotation_origins (
    annotation_id TEXT PRIMARY KEY,
    suggestion_id INTEGER NOT NULL,
    recommender   TEXT NOT NULL,
    version       INTEGER NOT NULL,
    score         REAL NOT NULL
);

-- Trained recommender models, one row per version.
CREATE TABLE IF NOT EXISTS recommender_models (
    recommender TEXT NOT NULL,
    version     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    data        BLOB NOT NULL,
    evaluation  TEXT NOT NULL DEFAULT '{}',
    trained_on  TEXT NOT NULL DEFAULT '',
    annotations INTEGER NOT NULL DEFAULT 0, -- spans and document labels it learned from
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (recommender, version)
);

CREATE TABLE IF NOT EXISTS recommender_settings (
    name      TEXT PRIMARY KEY,
    enabled   INTEGER NOT NULL DEFAULT 1,
    threshold REAL NOT NULL DEFAULT 0
);
