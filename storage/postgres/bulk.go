package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/margin-app/margin/model"
)

// Import: documents are inserted one by one (there are few), the
// annotations of the whole import go to the server with one COPY into a
// temporary table and from there into annotations with one INSERT that
// skips ids already present (ON CONFLICT DO NOTHING) and returns the rows
// it created, which is how the per-document counts are known. History is
// one row per document and annotator (entity "import"), as in the SQLite
// store: the annotations carry its seq in hist, and undo keeps their
// content in the row for redo (applyImported).

// ImportDocuments stores documents with their layers, all or nothing.
func (s *DB) ImportDocuments(ctx context.Context, docs []model.DocumentImport) ([]model.ImportResult, error) {
	return s.Import(ctx, docs, nil, "")
}

// Import is ImportDocuments that also grows the schema in the same
// transaction, from the schema in force then.
func (s *DB) Import(ctx context.Context, docs []model.DocumentImport, grow model.SchemaGrowth, by string) ([]model.ImportResult, error) {
	results := make([]model.ImportResult, len(docs))
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if err := s.growSchema(ctx, tx, grow, by); err != nil {
			return err
		}
		now := s.now()
		grp := newGroup()
		known := map[string]bool{}
		// One history row per input document and annotator, as in the
		// SQLite store: the same text twice in one input is two rows, the
		// second one's annotations counted (and skipped) on its own.
		type histKey struct {
			in  int
			who string
		}
		hist := map[histKey]int64{}
		var copyRows [][]any
		for i := range docs {
			in := &docs[i]
			id, reused, err := s.storeDocument(ctx, tx, in, now)
			if err != nil {
				return fmt.Errorf("document %q: %w", in.Doc.Name, err)
			}
			results[i] = model.ImportResult{DocID: id, Reused: reused}
			ix := in.Index
			if ix == nil || ix.Text() != in.Doc.Text {
				ix = model.NewTextIndex(in.Doc.Text)
			}
			for j := range in.Annotations {
				a := &in.Annotations[j]
				a.DocID = id
				if err := prepAnnotation(ix, a, now); err != nil {
					return fmt.Errorf("document %q: %w", in.Doc.Name, err)
				}
				if !known[a.Annotator] {
					if err := ensureAnnotator(ctx, tx, a.Annotator, now); err != nil {
						return err
					}
					known[a.Annotator] = true
				}
				k := histKey{i, a.Annotator}
				seq, ok := hist[k]
				if !ok {
					if err := tx.QueryRow(ctx, `INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after)
						VALUES ($1, $2, $3, 'create', 'import', $4, $5, NULL, '{}') RETURNING seq`, grp, now, a.Annotator, strconv.FormatInt(id, 10), id).Scan(&seq); err != nil {
						return fmt.Errorf("record history: %w", err)
					}
					hist[k] = seq
				}
				attrs, err := attrsCol(a)
				if err != nil {
					return err
				}
				copyRows = append(copyRows, []any{int64(len(copyRows)), a.ID, id, a.Annotator, a.Label, int32(a.Start()), int32(a.End()),
					fragmentsCol(a.Fragments), a.Text, attrs, a.Note, a.CreatedAt, a.UpdatedAt, seq})
			}
		}
		created, err := copyAnnotations(ctx, tx, copyRows)
		if err != nil {
			return err
		}
		for k, seq := range hist {
			n := created[seq]
			if n == 0 {
				if _, err := tx.Exec(ctx, `DELETE FROM history WHERE seq = $1`, seq); err != nil {
					return err
				}
			}
			results[k.in].Annotations += n
		}
		for i := range docs {
			results[i].Skipped = len(docs[i].Annotations) - results[i].Annotations
		}
		for i := range docs {
			if len(docs[i].Updates) > 0 {
				if err := s.applyUpdates(ctx, tx, grp, results[i].DocID, model.NewTextIndex(docs[i].Doc.Text), docs[i].Updates); err != nil {
					return fmt.Errorf("document %q: %w", docs[i].Doc.Name, err)
				}
			}
			if err := s.storeLayers(ctx, tx, &docs[i], results[i].DocID, now); err != nil {
				return fmt.Errorf("document %q: %w", docs[i].Doc.Name, err)
			}
			if err := s.insertImportedSuggestions(ctx, tx, &docs[i], results[i].DocID, by, now); err != nil {
				return fmt.Errorf("document %q: %w", docs[i].Doc.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// storeDocument inserts a document, or finds the one with its SHA-256.
func (s *DB) storeDocument(ctx context.Context, tx pgx.Tx, in *model.DocumentImport, now time.Time) (int64, bool, error) {
	text := in.Doc.Text
	if !utf8.ValidString(text) {
		return 0, false, fmt.Errorf("text is not valid UTF-8")
	}
	if text == "" {
		return 0, false, fmt.Errorf("text is empty")
	}
	sum := model.TextSHA256(text)
	var meta any
	if len(in.Doc.Meta) > 0 {
		meta = string(in.Doc.Meta)
	}
	// Looked up first rather than INSERT ... ON CONFLICT: a person who may
	// not add documents (an annotator, see migrations/002) can still
	// import their layer onto the project's documents.
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM documents WHERE sha256 = $1`, sum).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, false, err
	}
	err = tx.QueryRow(ctx, `INSERT INTO documents (name, text, sha256, length, source, meta, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (sha256) DO NOTHING RETURNING id`, in.Doc.Name, text, sum, utf8.RuneCountInString(text), in.Doc.Source, meta, now).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, false, err
	}
	// Another client stored the same text since the lookup.
	if err := tx.QueryRow(ctx, `SELECT id FROM documents WHERE sha256 = $1`, sum).Scan(&id); err != nil {
		return 0, false, err
	}
	return id, true, nil
}

var copyCols = []string{"ord", "id", "doc_id", "annotator", "label", "start_cp", "end_cp", "fragments", "text", "attributes", "note", "created_at", "updated_at", "hist"}

// copyAnnotations stores rows in annotations in input order, skipping ids
// already present (the first of two equal ids in the input wins, as in
// the SQLite store). It returns how many rows each import history row
// (hist) created. The rows go straight into annotations with one COPY
// once the ids already there are known (copyDirect); should another
// client store one of the ids meanwhile, or one be invisible to the
// person (blind mode), that COPY fails whole and the rows take the
// general path instead (copyViaTemp), in the same transaction; so do a
// team member's, since PostgreSQL refuses COPY into a table under
// row-level security.
func copyAnnotations(ctx context.Context, tx pgx.Tx, rows [][]any) (map[int64]int, error) {
	if len(rows) == 0 {
		return map[int64]int{}, nil
	}
	created, err := copyDirect(ctx, tx, rows)
	var pgErr *pgconn.PgError
	// unique_violation; feature_not_supported: COPY into a table under
	// row-level security, as every team member's role is.
	if errors.As(err, &pgErr) && (pgErr.Code == "23505" || pgErr.Code == "0A000") {
		return copyViaTemp(ctx, tx, rows)
	}
	return created, err
}

// copyDirect COPYs the rows whose ids are not in annotations (nor earlier
// in rows) into annotations, inside a savepoint: a unique violation
// leaves the transaction as it was.
func copyDirect(ctx context.Context, tx pgx.Tx, rows [][]any) (map[int64]int, error) {
	present, err := presentIDs(ctx, tx, rows)
	if err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	seen := make(map[string]bool, len(rows))
	keep := make([][]any, 0, len(rows))
	created := map[int64]int{}
	for _, r := range rows {
		id := r[1].(string)
		if present[id] || seen[id] {
			continue
		}
		seen[id] = true
		keep = append(keep, r[1:]) // without ord
		created[r[len(r)-1].(int64)]++
	}
	if len(keep) == 0 {
		return created, nil
	}
	err = pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error { // a savepoint
		_, err := sp.CopyFrom(ctx, pgx.Identifier{"annotations"}, copyCols[1:], pgx.CopyFromRows(keep))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	return created, nil
}

// presentIDs is the set of rows' ids already in annotations (as far as
// the person may see them), looked up in chunks.
func presentIDs(ctx context.Context, tx pgx.Tx, rows [][]any) (map[string]bool, error) {
	present := map[string]bool{}
	var some bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM annotations)`).Scan(&some); err != nil || !some {
		return present, err
	}
	const chunk = 20000
	ids := make([]string, 0, chunk)
	for i := 0; i < len(rows); i += chunk {
		ids = ids[:0]
		for _, r := range rows[i:min(i+chunk, len(rows))] {
			ids = append(ids, r[1].(string))
		}
		res, err := tx.Query(ctx, `SELECT id FROM annotations WHERE id = ANY($1)`, ids)
		if err != nil {
			return nil, err
		}
		found, err := pgx.CollectRows(res, pgx.RowTo[string])
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			present[id] = true
		}
	}
	return present, nil
}

// copyViaTemp COPYs rows into a temporary table and inserts them into
// annotations in input order, skipping ids already present: the general
// path, right whatever other clients store meanwhile.
func copyViaTemp(ctx context.Context, tx pgx.Tx, rows [][]any) (map[int64]int, error) {
	created := map[int64]int{}
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE margin_import (
		ord bigint, id text, doc_id bigint, annotator text, label text, start_cp integer, end_cp integer,
		fragments jsonb, text text, attributes jsonb, note text, created_at timestamptz, updated_at timestamptz, hist bigint) ON COMMIT DROP`); err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"margin_import"}, copyCols, pgx.CopyFromRows(rows)); err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	res, err := tx.Query(ctx, `INSERT INTO annotations (id, doc_id, annotator, label, start_cp, end_cp, fragments, text, attributes, note, created_at, updated_at, hist)
		SELECT id, doc_id, annotator, label, start_cp, end_cp, fragments, text, attributes, note, created_at, updated_at, hist
		FROM margin_import ORDER BY ord ON CONFLICT (id) DO NOTHING RETURNING hist`)
	if err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	defer res.Close()
	for res.Next() {
		var h int64
		if err := res.Scan(&h); err != nil {
			return nil, err
		}
		created[h]++
	}
	if err := res.Err(); err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	res.Close()
	_, err = tx.Exec(ctx, `DROP TABLE margin_import`)
	return created, err
}

// storeLayers stores an imported document's relations, verdicts and
// document labels (after the annotations they refer to).
func (s *DB) storeLayers(ctx context.Context, tx pgx.Tx, in *model.DocumentImport, docID int64, now time.Time) error {
	for i := range in.Relations {
		r := &in.Relations[i]
		r.DocID = docID
		if err := s.insertRelation(ctx, tx, r); err != nil {
			return err
		}
	}
	for i := range in.Verdicts {
		v := in.Verdicts[i]
		v.DocID = docID
		if v.ID == "" || v.Curator == "" {
			return fmt.Errorf("verdict without id or curator")
		}
		if v.CreatedAt.IsZero() {
			v.CreatedAt = s.now()
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM verdicts WHERE id = $1)`, v.ID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			if err := insertVerdict(ctx, tx, &v); err != nil {
				return err
			}
		}
	}
	for _, l := range in.DocLabels {
		if err := ensureAnnotator(ctx, tx, l.Annotator, s.now()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
			docID, l.Annotator, l.Set, l.Value, now); err != nil {
			return err
		}
	}
	return nil
}

// importedState is an import history row's after: {} while its
// annotations are in the project, their content (and the relations
// touching them) once undone, for redo.
type importedState struct {
	Annotations []model.Annotation `json:"annotations,omitempty"`
	Relations   []model.Relation   `json:"relations,omitempty"`
}

func parseImported(r historyRow) (importedState, error) {
	var st importedState
	if r.after != nil {
		if err := json.Unmarshal(r.after, &st); err != nil {
			return st, fmt.Errorf("history %d: %w", r.seq, err)
		}
	}
	return st, nil
}

// applyImported undoes (target nil) or redoes an import history row.
func (s *DB) applyImported(ctx context.Context, tx pgx.Tx, r historyRow, target []byte) error {
	state, err := parseImported(r)
	if err != nil {
		return err
	}
	if target != nil { // redo
		var ix *model.TextIndex
		for i := range state.Annotations {
			a := state.Annotations[i]
			a.DocID = r.docID
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM annotations WHERE id = $1)`, a.ID).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			if ix == nil {
				if ix, err = s.docIndex(ctx, tx, r.docID); err != nil {
					return err
				}
			}
			if err := s.insertAnnotation(ctx, tx, ix, &a, r.seq); err != nil {
				return err
			}
		}
		for i := range state.Relations {
			rel := state.Relations[i]
			rel.DocID = r.docID
			var ends int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM annotations WHERE id IN ($1, $2)`, rel.From, rel.To).Scan(&ends); err != nil {
				return err
			}
			need := 2
			if rel.From == rel.To {
				need = 1
			}
			if ends < need { // an end deleted since: the relation cannot come back
				continue
			}
			if err := s.insertRelation(ctx, tx, &rel); err != nil {
				return err
			}
		}
		return nil
	}
	kept := state.Annotations
	if kept == nil {
		if kept, err = importedNow(ctx, tx, r); err != nil {
			return err
		}
	}
	rels, err := relationsTouching(ctx, tx, r.docID, kept)
	if err != nil {
		return err
	}
	b, err := json.Marshal(importedState{Annotations: kept, Relations: rels})
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE history SET after = $1 WHERE seq = $2`, string(b), r.seq); err != nil {
		return err
	}
	for _, a := range kept {
		if _, err := tx.Exec(ctx, `DELETE FROM annotations WHERE id = $1`, a.ID); err != nil {
			return err
		}
	}
	return nil
}

func relationsTouching(ctx context.Context, tx pgx.Tx, doc int64, anns []model.Annotation) ([]model.Relation, error) {
	ids := make(map[string]bool, len(anns))
	for _, a := range anns {
		ids[a.ID] = true
	}
	all, err := relationsOfDoc(ctx, tx, doc)
	if err != nil {
		return nil, err
	}
	var out []model.Relation
	for _, rel := range all {
		if ids[rel.From] || ids[rel.To] {
			out = append(out, rel)
		}
	}
	return out, nil
}

// importedNow loads the annotations an import row created that are still
// in the project.
func importedNow(ctx context.Context, tx pgx.Tx, r historyRow) ([]model.Annotation, error) {
	rows, err := tx.Query(ctx, `SELECT `+annotationCols+` FROM annotations WHERE doc_id = $1 AND hist = $2 ORDER BY start_cp, end_cp, id`, r.docID, r.seq)
	if err != nil {
		return nil, err
	}
	return collectAnnotations(rows)
}

// importedIDs lists the annotation ids of an import row.
func importedIDs(ctx context.Context, tx pgx.Tx, r historyRow) ([]string, error) {
	state, err := parseImported(r)
	if err != nil {
		return nil, err
	}
	anns := state.Annotations
	if anns == nil {
		if anns, err = importedNow(ctx, tx, r); err != nil {
			return nil, err
		}
	}
	ids := make([]string, len(anns))
	for i, a := range anns {
		ids[i] = a.ID
	}
	return ids, nil
}
