package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/margin-app/margin/model"
)

// Bulk import: an import of a million spans spends its time here, so the
// statements are prepared once per transaction and rows go to SQLite in
// batches of importBatch per INSERT (one cgo call and one database/sql
// round trip per batch instead of per row). History is one row per
// document and annotator (entity "import"), not one JSON copy of every
// annotation: the annotations it created carry its seq in their hist
// column, and undo of an import deletes them and keeps their content in
// the row so that redo can put them back (see applyImported). See
// BENCHMARKS.md for the figures.

// importBatch rows per multi-row INSERT: 12 parameters each, well under
// SQLite's 32,766 variables.
const importBatch = 100

// importCachePragma sets the page cache of the importing connection to
// 64 MiB (SQLite's default is 2 MB), so the annotation indexes stay in
// memory while they grow. A variable so that a test can make an import
// spill its pages into the file before it fails (bulkjournal_test.go).
var importCachePragma = importCacheDefault

const importCacheDefault = `PRAGMA cache_size = -65536`

// directCachePragma is the page cache of an import that writes the file
// directly (bulkjournal.go): 32 MiB. Pages it lets go are written to the
// project file, not to a log that the checkpoint must read back; with 64
// MiB the articles import peaked at 168-187 MB resident, with 32 MiB at
// 135 MB, for the same CPU time (BENCHMARKS.md).
const directCachePragma = `PRAGMA cache_size = -32768`

// annotationInsert skips rows whose id is already there (OR IGNORE). Under
// the default ABORT a failing row must undo the rows before it in the same
// statement, so SQLite copies every page a multi-row INSERT touches into a
// statement journal first: that copying was 15% of a million-span import
// (BENCHMARKS.md). flushBatch tells the skipped rows from the inserted by
// the row count and rowids, and fails on a row that is missing for any
// other reason (a CHECK, which the validation before rules out).
const annotationInsert = `INSERT OR IGNORE INTO annotations (id, doc_id, annotator, label, start, end, fragments, text, attributes, note, created_at, updated_at, hist) VALUES `

// importStmts are the statements a bulk import repeats, prepared once per
// transaction.
type importStmts struct {
	rowOf, full, history *sql.Stmt
	docBySumStmt         *sql.Stmt
	docInsert            *sql.Stmt
	partial              map[int]*sql.Stmt // INSERTs of fewer rows, by row count
	uniformStmts         map[int]*sql.Stmt // insertUniform statements, by row count
	raw                  *rawInserts       // the batch INSERTs through the driver, when the import has a connection of its own
	annotators           map[string]bool
	hist                 map[string]int64 // annotator -> this document's import history row
	now                  string
	nowT                 time.Time
	maxRowid             int64 // annotations.rowid below which every row was there before this import's last batch
	args                 []any
	batch                []*model.Annotation
	searchIndex          int   // whether the project has a search index: 0 unknown, 1 yes, 2 no (search.go)
	keys                 []any // idKey of each of batch
}

func insertValues(rows int) string {
	var b strings.Builder
	b.WriteString(annotationInsert)
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// insertUniform is the INSERT of rows rows that share document,
// annotator and timestamps, have one fragment, no attributes and no note
// (every row of a typical import): the shared values are bound once as ?1
// doc, ?2 annotator, ?3 history row; fragments and updated_at are NULL
// (one fragment, never updated) and created_at is empty (the import's time,
// see importedAt), so a row needs 5 bound values instead of 13 (each bind
// is a cgo call).
func insertUniform(rows int) string {
	var b strings.Builder
	b.WriteString(annotationInsert)
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		p := 4 + 5*i
		fmt.Fprintf(&b, `(?%d,?1,?2,?%d,?%d,?%d,NULL,?%d,'{}','','',NULL,?3)`, p, p+1, p+2, p+3, p+4)
	}
	return b.String()
}

// uniform says whether st.batch can go through insertUniform.
func (st *importStmts) uniform() bool {
	first := st.batch[0]
	for _, a := range st.batch {
		if a.Annotator != first.Annotator || a.DocID != first.DocID || len(a.Fragments) != 1 || len(a.Attributes) > 0 || a.Note != "" ||
			!a.CreatedAt.Equal(st.nowT) || !a.UpdatedAt.Equal(st.nowT) {
			return false
		}
	}
	return true
}

func (s *DB) prepareImport(ctx context.Context, tx *sql.Tx) (*importStmts, error) {
	return s.prepareImportAt(ctx, tx, s.now())
}

// prepareImportOn is prepareImportAt for a transaction on conn (bulkTx):
// the batch INSERTs then go to the driver directly (rawInserts).
func (s *DB) prepareImportOn(ctx context.Context, tx *sql.Tx, conn *sql.Conn, now time.Time) (*importStmts, error) {
	st, err := s.prepareImportAt(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	st.raw = &rawInserts{conn: conn, stmts: map[string]driver.Stmt{}, batchSQL: map[rawKey]string{}}
	return st, nil
}

func (s *DB) prepareImportAt(ctx context.Context, tx *sql.Tx, now time.Time) (*importStmts, error) {
	st := &importStmts{annotators: map[string]bool{}, hist: map[string]int64{}, partial: map[int]*sql.Stmt{}, uniformStmts: map[int]*sql.Stmt{}, nowT: now, now: now.Format(time.RFC3339Nano)}
	// The cache belongs to this connection; a larger one only costs memory
	// while pages are actually cached.
	cache := importCachePragma
	if s.bulkDirect && importCachePragma == importCacheDefault {
		cache = directCachePragma
	}
	if _, err := tx.ExecContext(ctx, cache); err != nil {
		return nil, err
	}
	if err := st.readMaxRowid(ctx, tx); err != nil {
		return nil, err
	}
	var err error
	if st.rowOf, err = tx.PrepareContext(ctx, `SELECT rowid FROM annotations WHERE id = ?`); err != nil {
		return nil, err
	}
	if st.full, err = tx.PrepareContext(ctx, insertValues(importBatch)); err != nil {
		st.close()
		return nil, err
	}
	if st.history, err = tx.PrepareContext(ctx, `INSERT INTO history (grp, at, annotator, action, entity, entity_id, doc_id, before, after) VALUES (?, ?, ?, 'create', 'import', ?, ?, NULL, '{}')`); err != nil {
		st.close()
		return nil, err
	}
	if st.docBySumStmt, err = tx.PrepareContext(ctx, `SELECT id FROM documents WHERE sha256 = ?`); err != nil {
		st.close()
		return nil, err
	}
	if st.docInsert, err = tx.PrepareContext(ctx, `INSERT INTO documents (name, text, sha256, length, source, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`); err != nil {
		st.close()
		return nil, err
	}
	st.args = make([]any, 0, 13*importBatch)
	return st, nil
}

// readMaxRowid sets maxRowid to the largest annotations rowid now.
func (st *importStmts) readMaxRowid(ctx context.Context, tx *sql.Tx) error {
	return tx.QueryRowContext(ctx, `SELECT COALESCE(max(rowid), 0) FROM annotations`).Scan(&st.maxRowid)
}

func (st *importStmts) close() {
	if st.raw != nil {
		st.raw.close()
	}
	for _, s := range []*sql.Stmt{st.rowOf, st.full, st.history, st.docBySumStmt, st.docInsert} {
		if s != nil {
			s.Close()
		}
	}
	for _, s := range st.partial {
		s.Close()
	}
	for _, s := range st.uniformStmts {
		s.Close()
	}
}

// preppedDoc is a document checked and indexed, its annotations validated
// and completed (ids, covered text, timestamps): everything an import does
// before it touches the database, so ImportStream can do it on another
// goroutine while the previous document is being written.
type preppedDoc struct {
	in   *model.DocumentImport
	sum  string
	ix   *model.TextIndex
	keys []any // idKey of each annotation, made here rather than on the writer
}

func prepDoc(in *model.DocumentImport, now time.Time) (*preppedDoc, error) {
	text := in.Doc.Text
	if text == "" {
		return nil, fmt.Errorf("text is empty")
	}
	ix := in.Index
	if ix == nil || ix.Text() != text {
		ix = model.NewTextIndex(text)
	}
	if !ix.Valid() { // found while indexing: no pass of its own over the text
		return nil, fmt.Errorf("text is not valid UTF-8")
	}
	p := &preppedDoc{in: in, sum: model.TextSHA256(text), ix: ix, keys: make([]any, len(in.Annotations))}
	var idBytes []byte // the stored ids of this document's new annotations, in one block
	for i := range in.Annotations {
		a := &in.Annotations[i]
		if a.ID == "" {
			// A new id: its stored form straight from the UUID rather
			// than parsed back from its text (idKey), which was 3% of an
			// import of a million spans (issue 14).
			if len(idBytes) == 0 {
				idBytes = make([]byte, 16*newIDsFrom(in.Annotations[i:]))
				newUUIDs(idBytes)
			}
			a.ID = uuid.UUID(idBytes[:16]).String()
			p.keys[i] = idBytes[:16:16]
			idBytes = idBytes[16:]
		} else {
			p.keys[i] = idKey(a.ID)
		}
		if err := prepAnnotation(p.ix, a, now); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// newIDsFrom counts the annotations without an id in anns.
func newIDsFrom(anns []model.Annotation) int {
	n := 0
	for i := range anns {
		if anns[i].ID == "" {
			n++
		}
	}
	return n
}

// prepAnnotation fills in id, covered text and timestamps and validates
// a against the document.
func prepAnnotation(ix *model.TextIndex, a *model.Annotation, now time.Time) error {
	if a.ID == "" {
		a.ID = newID()
	}
	if err := a.Validate(ix); err != nil {
		return err
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	// Attributes stay nil when there are none: the row stores '{}' for an
	// empty map either way, and an empty map per span was 2% of an import.
	return nil
}

// importAnnotations stores one document's annotations, prepared by
// prepDoc (their DocID set; keys[i] is idKey of anns[i]), skipping ids
// already present. Each
// annotator's annotations get one history row, written first so that
// they can carry its seq (hist); a row for which nothing was created is
// removed again.
func (s *DB) importAnnotations(ctx context.Context, tx *sql.Tx, st *importStmts, grp string, docID int64, anns []model.Annotation, keys []any, res *model.ImportResult) error {
	clear(st.hist)
	created := map[string]int{}
	var order []string
	for i := range anns {
		a := &anns[i]
		if _, ok := st.hist[a.Annotator]; !ok {
			if !st.annotators[a.Annotator] {
				if err := ensureAnnotator(ctx, tx, a.Annotator, st.now); err != nil {
					return err
				}
				st.annotators[a.Annotator] = true
			}
			seq, err := st.insertHistory(ctx, grp, st.now, a.Annotator, strconv.FormatInt(docID, 10), docID)
			if err != nil {
				return fmt.Errorf("record history: %w", err)
			}
			st.hist[a.Annotator] = seq
			order = append(order, a.Annotator)
		}
		st.batch = append(st.batch, a)
		st.keys = append(st.keys, keys[i])
		if len(st.batch) == importBatch || i == len(anns)-1 {
			n, err := s.flushBatch(ctx, tx, st, created)
			if err != nil {
				return err
			}
			res.Annotations += n
			res.Skipped += len(st.batch) - n
			st.batch, st.keys = st.batch[:0], st.keys[:0]
		}
	}
	for _, who := range order {
		if created[who] == 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM history WHERE seq = ?`, st.hist[who]); err != nil {
				return err
			}
		}
	}
	return nil
}

// flushBatch inserts st.batch with one statement. When that hits a
// constraint (an id already in the project, or twice in the input), the
// statement has changed nothing, and the batch goes row by row, skipping
// ids already present. It returns how many rows it inserted.
func (s *DB) flushBatch(ctx context.Context, tx *sql.Tx, st *importStmts, created map[string]int) (int, error) {
	note := func(a *model.Annotation) { created[a.Annotator]++ }
	st.args = st.args[:0]
	uniform := st.uniform()
	if uniform {
		first := st.batch[0]
		st.args = append(st.args, first.DocID, first.Annotator, st.hist[first.Annotator])
		for j, a := range st.batch {
			st.args = append(st.args, st.keys[j], a.Label, int64(a.Fragments[0].Start), int64(a.Fragments[0].End), a.Text)
		}
	} else {
		for _, a := range st.batch {
			var err error
			if st.args, err = st.appendArgs(st.args, a); err != nil {
				return 0, err
			}
		}
	}
	affected, lastID, err := st.execBatch(ctx, tx, uniform, len(st.batch))
	if err != nil {
		return 0, fmt.Errorf("annotations: %w", err)
	}
	if int(affected) == len(st.batch) { // the usual case: every row is new
		for _, a := range st.batch {
			note(a)
		}
		st.maxRowid = lastID
		return len(st.batch), nil
	}
	// Some rows were skipped: their id was in the project already, or
	// earlier in this input. A row is this statement's if its rowid is
	// above every rowid from before it (SQLite gives a new row the largest
	// rowid plus one) and it is the first row of the batch with its id.
	inserted := 0
	first := map[string]bool{}
	for j, a := range st.batch {
		var rowid int64
		err := st.rowOf.QueryRowContext(ctx, st.keys[j]).Scan(&rowid)
		if errors.Is(err, sql.ErrNoRows) {
			return inserted, fmt.Errorf("annotation %s: refused by the project's constraints", a.ID)
		}
		if err != nil {
			return inserted, err
		}
		if rowid > st.maxRowid && !first[a.ID] {
			note(a)
			inserted++
		}
		first[a.ID] = true
	}
	if inserted != int(affected) {
		return inserted, fmt.Errorf("annotations: %d rows inserted, %d accounted for", affected, inserted)
	}
	if err := st.readMaxRowid(ctx, tx); err != nil {
		return inserted, err
	}
	return inserted, nil
}

func (st *importStmts) appendArgs(args []any, a *model.Annotation) ([]any, error) {
	attrs := "{}"
	if len(a.Attributes) > 0 {
		b, err := json.Marshal(a.Attributes)
		if err != nil {
			return args, fmt.Errorf("annotation %s: attributes: %w", a.ID, err)
		}
		attrs = string(b)
	}
	created := importedAt
	if !a.CreatedAt.Equal(st.nowT) {
		created = a.CreatedAt.Format(time.RFC3339Nano)
	}
	return append(args, idKey(a.ID), a.DocID, a.Annotator, a.Label, int64(a.Start()), int64(a.End()), fragmentsCol(a.Fragments), a.Text, attrs, a.Note, created, updatedCol(a), st.hist[a.Annotator]), nil
}

// importedState is an import history row's after: {} while the
// annotations it created are in the project (they carry its seq in hist),
// their content once it has been undone (for redo). IDs is an earlier
// form of the same row (the ids created), still read.
type importedState struct {
	IDs         []string           `json:"ids,omitempty"`
	Annotations []model.Annotation `json:"annotations,omitempty"`
	// Relations touching those annotations when the import was last
	// undone: deleting the annotations removes them (ON DELETE CASCADE),
	// so redo puts them back too.
	Relations []model.Relation `json:"relations,omitempty"`
}

// applyImported undoes (target invalid) or redoes an import history row.
// Undo loads the annotations still present, keeps them in the row's after
// and deletes them; redo inserts the kept annotations that are absent.
func (s *DB) applyImported(ctx context.Context, tx *sql.Tx, r historyRow, target sql.NullString) error {
	var state importedState
	if r.after.Valid {
		if err := json.Unmarshal([]byte(r.after.String), &state); err != nil {
			return fmt.Errorf("history %d: %w", r.seq, err)
		}
	}
	if target.Valid { // redo
		var ix *model.TextIndex
		for i := range state.Annotations {
			a := state.Annotations[i]
			a.DocID = r.docID
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM annotations WHERE id = ?`, idKey(a.ID)).Scan(&exists); err != nil {
				return err
			}
			if exists > 0 {
				continue
			}
			if ix == nil {
				var err error
				if ix, err = s.docIndex(ctx, tx, r.docID); err != nil {
					return err
				}
			}
			if err := s.insertAnnotation(ctx, tx, ix, &a); err != nil {
				return err
			}
		}
		for i := range state.Relations {
			rel := state.Relations[i]
			rel.DocID = r.docID // not in the JSON, as for annotations
			var ends int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM annotations WHERE id IN (?, ?)`, idKey(rel.From), idKey(rel.To)).Scan(&ends); err != nil {
				return err
			}
			need := 2
			if rel.From == rel.To {
				need = 1
			}
			if ends < need { // an end deleted since: the relation cannot come back
				continue
			}
			if err := s.insertRelation(ctx, tx, &rel); err != nil { // INSERT OR IGNORE: one still there stays
				return err
			}
		}
		return nil
	}
	kept := state.Annotations
	if kept == nil { // first undo: keep the content for redo
		var err error
		if kept, err = importedNow(ctx, tx, r, state); err != nil {
			return err
		}
	}
	// Every undo: the relations touching the annotations about to go, kept
	// with them so that redo restores both.
	rels, err := relationsTouching(ctx, tx, r.docID, kept)
	if err != nil {
		return err
	}
	b, err := json.Marshal(importedState{IDs: state.IDs, Annotations: kept, Relations: rels})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE history SET after = ? WHERE seq = ?`, string(b), r.seq); err != nil {
		return err
	}
	for _, a := range kept {
		if _, err := tx.ExecContext(ctx, `DELETE FROM annotations WHERE id = ?`, idKey(a.ID)); err != nil {
			return err
		}
	}
	return nil
}

// relationsTouching loads document doc's relations with an end in anns.
func relationsTouching(ctx context.Context, tx *sql.Tx, doc int64, anns []model.Annotation) ([]model.Relation, error) {
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

// importedNow loads the annotations an import history row created that
// are still in the project.
func importedNow(ctx context.Context, tx *sql.Tx, r historyRow, state importedState) ([]model.Annotation, error) {
	var out []model.Annotation
	if len(state.IDs) > 0 {
		for _, id := range state.IDs {
			a, err := getAnnotation(ctx, tx, id)
			if errors.Is(err, model.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			out = append(out, *a)
		}
		return out, nil
	}
	err := eachRow(ctx, tx, `SELECT `+annotationCols+` FROM annotations WHERE doc_id = ? AND hist = ? ORDER BY start, end, id`, []any{r.docID, r.seq}, func(rows *sql.Rows) error {
		a, err := scanAnnotation(rows)
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// importedIDs lists the annotation ids of an import history row: kept in
// the row once undone, else the annotations carrying its seq.
func (s *DB) importedIDs(ctx context.Context, tx *sql.Tx, r historyRow) ([]string, error) {
	var state importedState
	if r.after.Valid && r.after.String != "{}" {
		if err := json.Unmarshal([]byte(r.after.String), &state); err != nil {
			return nil, fmt.Errorf("history %d: %w", r.seq, err)
		}
	}
	if state.Annotations != nil {
		ids := make([]string, len(state.Annotations))
		for i, a := range state.Annotations {
			ids[i] = a.ID
		}
		return ids, nil
	}
	anns, err := importedNow(ctx, tx, r, state)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(anns))
	for i, a := range anns {
		ids[i] = a.ID
	}
	return ids, nil
}

// fragmentsJSON writes [{"start":S,"end":E},...] without reflection.
func fragmentsJSON(fs []model.Fragment) string {
	b := make([]byte, 0, 32*len(fs))
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"start":`...)
		b = strconv.AppendInt(b, int64(f.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(f.End), 10)
		b = append(b, '}')
	}
	return string(append(b, ']'))
}

// newID makes a time-ordered UUID (v7): new rows land at the end of the
// primary-key index instead of at random places, which keeps bulk inserts
// fast; ids stay globally unique for merges.
func newID() string { return newUUID().String() }

// newUUID is newID's UUID.
func newUUID() uuid.UUID {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.New()
	}
	return id
}

var errImportStopped = errors.New("import stopped")

// ImportStream is Import for an input read one document at a time, so
// that a large file need not be held in memory: produce calls put for
// every document, inside one transaction (all or nothing, as Import);
// then grow, if not nil, grows the schema in force at that moment, in the
// same transaction (see Import). ctx cancels: the project then stays as it
// was.
func (s *DB) ImportStream(ctx context.Context, produce func(put func(*model.DocumentImport) error) error, grow model.SchemaGrowth, by string) (res []model.ImportResult, err error) {
	err = unlocked(func() error {
		res, err = s.importStream(ctx, produce, grow, by)
		return err
	})
	return res, err
}

func (s *DB) importStream(ctx context.Context, produce func(put func(*model.DocumentImport) error) error, grow model.SchemaGrowth, by string) ([]model.ImportResult, error) {
	var results []model.ImportResult
	now := s.now()
	err := s.bulkTxOn(ctx, func(tx *sql.Tx, conn *sql.Conn) error {
		grp := s.newGroup()
		st, err := s.prepareImportOn(ctx, tx, conn, now)
		if err != nil {
			return err
		}
		defer st.close()
		// Two stages: the producer's goroutine checks and prepares each
		// document (prepDoc), this one writes it. The queue between them
		// is bounded by the memory its documents hold (importQueue), not
		// by a count: a queue of 8 was 2 ms of the writer's work on
		// short articles, so on a busy machine the writer kept waiting
		// for a producer that was not scheduled (issue 14), while 8 long
		// documents are already megabytes.
		prepped := make(chan *preppedDoc, importQueueDocs)
		queue := newByteBudget(importQueueBytes)
		stop := make(chan struct{})
		stopOnce := sync.OnceFunc(func() { close(stop); queue.close() })
		defer stopOnce()
		produced := make(chan error, 1)
		go func() {
			defer close(prepped)
			produced <- produce(func(d *model.DocumentImport) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				p, err := prepDoc(d, now)
				if err != nil {
					return fmt.Errorf("document %q: %w", d.Doc.Name, err)
				}
				if !queue.take(p.weight()) {
					return errImportStopped
				}
				select {
				case prepped <- p:
					return nil
				case <-stop:
					return errImportStopped
				}
			})
		}()
		// The writer's statements run without ctx's cancellation: given a
		// cancellable context, go-sqlite3 runs every statement on a new
		// goroutine and waits for it, a goroutine and two wake-ups per
		// 100-row INSERT. ctx is checked before each document instead,
		// which stops an import as promptly (a document takes about a
		// millisecond) and still rolls it back.
		wctx := context.WithoutCancel(ctx)
		var storeErr error
		for p := range prepped {
			if storeErr != nil {
				continue // drain until the producer has seen stop
			}
			if err := ctx.Err(); err != nil {
				storeErr = err
				stopOnce()
				continue
			}
			res, err := s.storeDoc(wctx, tx, st, grp, p)
			queue.give(p.weight())
			if err != nil {
				storeErr = fmt.Errorf("document %q: %w", p.in.Doc.Name, err)
				stopOnce()
				continue
			}
			results = append(results, res)
		}
		if err := <-produced; storeErr == nil && err != nil {
			return err
		}
		if storeErr != nil {
			return storeErr
		}
		if err := s.growSchemaTx(ctx, tx, grow, by); err != nil {
			return err
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}
