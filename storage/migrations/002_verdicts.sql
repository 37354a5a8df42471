-- Curation: every verdict a reviewer records on a disagreement, with the
-- provenance of the gold item it produced.
CREATE TABLE verdicts (
    id         TEXT PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id),
    verdict    TEXT NOT NULL CHECK (verdict IN ('accept', 'edit', 'reject')),
    gold_id    TEXT,           -- the gold annotation made (accept, edit); NULL for reject
    sources    TEXT NOT NULL,  -- JSON: [{"id": annotation id, "annotator": name}, ...]
    curator    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX verdicts_doc ON verdicts(doc_id);
CREATE INDEX verdicts_gold ON verdicts(gold_id);
