-- Margin project file, version 1.
CREATE TABLE project (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every schema the project has had; the newest is in force.
CREATE TABLE schemas (
    version    INTEGER PRIMARY KEY AUTOINCREMENT,
    toml       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    text       TEXT NOT NULL,
    sha256     TEXT NOT NULL UNIQUE,
    length     INTEGER NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    meta       TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE annotators (
    name       TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- start/end are the first fragment's start and the last fragment's end, so
-- that range queries need no JSON; fragments holds all of them as JSON, or
-- is NULL for the usual single fragment (start, end). updated_at is NULL
-- until the annotation is first changed (then it reads as created_at).
-- Both NULLs keep a row about a quarter smaller, which is what a bulk
-- import of a million spans pays for (BENCHMARKS.md).
CREATE TABLE annotations (
    id         TEXT PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    annotator  TEXT NOT NULL REFERENCES annotators(name),
    label      TEXT NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    fragments  TEXT,
    text       TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT,
    hist       INTEGER, -- the history row (seq) of the import that created it; NULL otherwise
    CHECK (start >= 0 AND start < end)
);
CREATE INDEX annotations_doc ON annotations(doc_id, annotator, start);

CREATE TABLE relations (
    id         TEXT PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    annotator  TEXT NOT NULL REFERENCES annotators(name),
    type       TEXT NOT NULL,
    from_id    TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    to_id      TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX relations_doc ON relations(doc_id);

CREATE TABLE doc_labels (
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    annotator  TEXT NOT NULL REFERENCES annotators(name),
    set_name   TEXT NOT NULL,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator, set_name, value)
);

CREATE TABLE doc_status (
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    annotator  TEXT NOT NULL REFERENCES annotators(name),
    status     TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, annotator)
);

-- One row per annotation create/update/delete, written in the same
-- transaction as the change. Rows of one user action share grp; undo and
-- redo flip state and apply the inverse/forward change, so they survive a
-- restart. state: done, undone, dropped (undone then superseded by a new
-- action, so no longer redoable but kept for the audit trail).
CREATE TABLE history (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    grp       TEXT NOT NULL,
    at        TEXT NOT NULL,
    annotator TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    doc_id    INTEGER NOT NULL,
    before    TEXT,
    after     TEXT,
    state     TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')),
    state_at  TEXT
);
CREATE INDEX history_annotator ON history(annotator, state, seq);
CREATE INDEX history_entity ON history(entity_id);
