package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Suggestions on a server project (migration 016) are the project file's
// (storage/suggestions.go) with one difference: every row is a person's,
// as a layer is. A person's recommenders, suggestions, decisions and
// settings are their own; the server lets an annotator read and write only
// hers, whatever the client. Accepting is one transaction and one undo
// step of the person's history: the annotation, its history row, the
// suggestion's status (a history row of entity "suggestion", so undo puts
// it back as pending), its origin and the decision.

// entSuggestion is the history entity of a suggestion's status; before
// and after are the status as a JSON string.
const entSuggestion = storecore.EntSuggestion

// ActAs names the person this handle's calls act for where they name
// nobody (a recommender's models and settings, a suggestion list without
// SuggestionQuery.For): the owner's command line acting for an annotator
// (--annotator). On a member's connection the member is always who acts,
// and ActAs changes nothing.
func (s *DB) ActAs(name string) {
	n := strings.TrimSpace(name)
	s.actingAs.Store(&n)
}

// whose is the person a suggestion call with name acts for: the member
// on a member's connection; otherwise name, then ActAs's, then the
// owner's role (Name).
func (s *DB) whose(name string) string {
	if s.person != "" {
		return s.person
	}
	if name = strings.TrimSpace(name); name != "" {
		return name
	}
	if n := s.actingAs.Load(); n != nil && *n != "" {
		return *n
	}
	return s.Name()
}

const suggestionCols = `id, doc_id, recommender, version, label, set_name, start_cp, end_cp, fragments, text, attributes, score, source, status, created_at`

func scanSuggestion(row pgx.Row) (model.Suggestion, error) {
	var sg model.Suggestion
	var start, end int
	var frags, attrs []byte
	var status string
	if err := row.Scan(&sg.ID, &sg.DocID, &sg.Recommender, &sg.Version, &sg.Label, &sg.Set, &start, &end, &frags, &sg.Text, &attrs, &sg.Score, &sg.Source, &status, &sg.CreatedAt); err != nil {
		return sg, err
	}
	sg.Status, sg.CreatedAt = model.SuggestionStatus(status), sg.CreatedAt.UTC()
	var fragsJSON *string
	if frags != nil {
		f := string(frags)
		fragsJSON = &f
	}
	return sg, storecore.DecodeSuggestion(&sg, start, end, fragsJSON, string(attrs))
}

// AddSuggestions stores a recommender's proposals for one document, for
// b.For (the person, see whose), in one transaction, replacing that
// person's pending ones of the recommender there. Proposals are dropped
// when the person rejected the same text and label in the document
// before, accepted the same proposal, or has it in their layer.
func (s *DB) AddSuggestions(ctx context.Context, b model.SuggestionBatch) (int, error) {
	who := s.whose(b.For)
	stored := 0
	err := s.tx(ctx, func(tx pgx.Tx) error {
		stored = 0
		ix, err := s.docIndex(ctx, tx, b.DocID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM suggestions WHERE person = $1 AND doc_id = $2 AND recommender = $3 AND status = 'pending'`, who, b.DocID, b.Recommender); err != nil {
			return fmt.Errorf("replace suggestions of %s: %w", b.Recommender, err)
		}
		keep := storecore.NewProposals()
		if err := layerKeys(ctx, tx, b.DocID, who, keep); err != nil {
			return err
		}
		if err := decidedKeys(ctx, tx, b.DocID, who, keep); err != nil {
			return err
		}
		var rows [][]any
		var kept []int // b.Items' index of each row
		now := s.now()
		for i := range b.Items {
			it := &b.Items[i]
			it.DocID, it.Recommender, it.Version = b.DocID, b.Recommender, b.Version
			if err := it.Validate(ix); err != nil {
				return err
			}
			if !keep.Keep(it) {
				continue
			}
			row, err := suggestionRow(who, it, now)
			if err != nil {
				return err
			}
			rows = append(rows, row)
			kept = append(kept, i)
		}
		if len(rows) == 0 {
			return nil
		}
		// One statement for the batch; RETURNING gives the ids in the
		// order of the rows (WITH ORDINALITY keeps it).
		ids, err := insertSuggestions(ctx, tx, rows)
		if err != nil {
			return err
		}
		for j, i := range kept {
			it := &b.Items[i]
			it.ID, it.Status, it.CreatedAt = ids[j], model.SuggestionPending, now
		}
		stored = len(ids)
		return nil
	})
	return stored, err
}

// suggestionRow is one suggestion as insertSuggestions takes it.
func suggestionRow(who string, it *model.Suggestion, now time.Time) ([]any, error) {
	attrs, err := storecore.SuggestionAttrs(it)
	if err != nil {
		return nil, err
	}
	var frags any
	if len(it.Fragments) > 1 {
		b, _ := json.Marshal(it.Fragments)
		frags = string(b)
	}
	return []any{who, it.DocID, it.Recommender, it.Version, it.Label, it.Set, it.Start(), it.End(), frags, it.Text, attrs, it.Score, it.Source, now}, nil
}

const insertSuggestionSQL = `INSERT INTO suggestions (person, doc_id, recommender, version, label, set_name, start_cp, end_cp, fragments, text, attributes, score, source, status, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', $14) RETURNING id`

// insertSuggestions stores rows (suggestionRow) in one round trip and
// returns their ids in order.
func insertSuggestions(ctx context.Context, tx pgx.Tx, rows [][]any) ([]int64, error) {
	b := &pgx.Batch{}
	for _, r := range rows {
		b.Queue(insertSuggestionSQL, r...)
	}
	res := tx.SendBatch(ctx, b)
	ids := make([]int64, 0, len(rows))
	for range rows {
		var id int64
		if err := res.QueryRow().Scan(&id); err != nil {
			res.Close()
			return nil, fmt.Errorf("store suggestion: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, res.Close()
}

// insertImportedSuggestions stores the suggestions an import brought for
// a document (Label Studio's predictions, import --as-suggestions) as
// by's (see whose), in the import's transaction; a reused document keeps
// the pending ones it has and gains the new ones.
func (s *DB) insertImportedSuggestions(ctx context.Context, tx pgx.Tx, in *model.DocumentImport, docID int64, by string, now time.Time) error {
	if len(in.Suggestions) == 0 {
		return nil
	}
	ix, err := s.docIndex(ctx, tx, docID)
	if err != nil {
		return err
	}
	who := s.whose(by)
	rows := make([][]any, 0, len(in.Suggestions))
	for i := range in.Suggestions {
		it := &in.Suggestions[i]
		it.DocID = docID
		if err := it.Validate(ix); err != nil {
			return err
		}
		row, err := suggestionRow(who, it, now)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}
	ids, err := insertSuggestions(ctx, tx, rows)
	if err != nil {
		return err
	}
	for i, id := range ids {
		in.Suggestions[i].ID, in.Suggestions[i].Status, in.Suggestions[i].CreatedAt = id, model.SuggestionPending, now
	}
	return nil
}

// layerKeys records in keep what who's layer of the document has.
func layerKeys(ctx context.Context, tx pgx.Tx, docID int64, who string, keep *storecore.Proposals) error {
	rows, err := tx.Query(ctx, `SELECT `+annotationCols+` FROM annotations WHERE doc_id = $1 AND annotator = $2`, docID, who)
	if err != nil {
		return err
	}
	anns, err := collectAnnotations(rows)
	if err != nil {
		return err
	}
	for i := range anns {
		keep.HasSpan(&anns[i])
	}
	lrows, err := tx.Query(ctx, `SELECT set_name, value FROM doc_labels WHERE doc_id = $1 AND annotator = $2`, docID, who)
	if err != nil {
		return err
	}
	labels, err := pgx.CollectRows(lrows, func(r pgx.CollectableRow) ([2]string, error) {
		var l [2]string
		return l, r.Scan(&l[0], &l[1])
	})
	for _, l := range labels {
		keep.HasDocLabel(l[0], l[1])
	}
	return err
}

// decidedKeys records in keep who's accepted and rejected suggestions of
// the document.
func decidedKeys(ctx context.Context, tx pgx.Tx, docID int64, who string, keep *storecore.Proposals) error {
	rows, err := tx.Query(ctx, `SELECT `+suggestionCols+` FROM suggestions WHERE person = $1 AND doc_id = $2 AND status <> 'pending'`, who, docID)
	if err != nil {
		return err
	}
	decided, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Suggestion, error) { return scanSuggestion(r) })
	for i := range decided {
		keep.Decided(&decided[i])
	}
	return err
}

// Suggestions returns the suggestions q selects of q.For (see whose), by
// document, start and descending score.
func (s *DB) Suggestions(ctx context.Context, q model.SuggestionQuery) ([]model.Suggestion, error) {
	status := storecore.StatusFilter(q)
	var ids []int64 // nil: any id
	if len(q.IDs) > 0 {
		ids = q.IDs
	}
	rows, err := s.pool.Query(ctx, `SELECT `+suggestionCols+` FROM suggestions
		WHERE person = $1 AND ($2 = 0 OR doc_id = $2) AND ($3 = '' OR recommender = $3) AND ($4 = '' OR status = $4) AND score >= $5
		AND ($6::bigint[] IS NULL OR id = ANY($6))
		ORDER BY doc_id, start_cp, score DESC, id`, s.whose(q.For), q.DocID, q.Recommender, status, q.MinScore, ids)
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", s.wrap(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Suggestion, error) { return scanSuggestion(r) })
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", s.wrap(err))
	}
	return out, nil
}

// Suggestion loads one suggestion the person may read.
func (s *DB) Suggestion(ctx context.Context, id int64) (*model.Suggestion, error) {
	return getSuggestion(ctx, s.pool, id, "", false)
}

// getSuggestion reads suggestion id (of who, when who is not ""), locked
// for the transaction with lock.
func getSuggestion(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, id int64, who string, lock bool) (*model.Suggestion, error) {
	query := `SELECT ` + suggestionCols + ` FROM suggestions WHERE id = $1 AND ($2 = '' OR person = $2)`
	if lock {
		query += ` FOR UPDATE`
	}
	sg, err := scanSuggestion(q.QueryRow(ctx, query, id, who))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("suggestion %d: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("suggestion %d: %w", id, err)
	}
	return &sg, nil
}

// pendingSuggestion locks who's suggestion id, which must be pending.
func pendingSuggestion(ctx context.Context, tx pgx.Tx, id int64, who string) (*model.Suggestion, error) {
	sg, err := getSuggestion(ctx, tx, id, who, true)
	if err != nil {
		return nil, err
	}
	if sg.Status != model.SuggestionPending {
		return nil, fmt.Errorf("suggestion %d is %s: %w", id, sg.Status, model.ErrSuggestionDecided)
	}
	return sg, nil
}

// setSuggestionStatus changes the status and records it in grp, so undo
// of the group restores it.
func (s *DB) setSuggestionStatus(ctx context.Context, tx pgx.Tx, grp, who string, sg *model.Suggestion, to model.SuggestionStatus) error {
	if _, err := tx.Exec(ctx, `UPDATE suggestions SET status = $1 WHERE id = $2`, string(to), sg.ID); err != nil {
		return fmt.Errorf("suggestion %d: %w", sg.ID, err)
	}
	return s.record(ctx, tx, grp, who, "update", entSuggestion, fmt.Sprint(sg.ID), sg.DocID, string(sg.Status), string(to))
}

// applySuggestionStatus is undo or redo of a status change.
func applySuggestionStatus(ctx context.Context, tx pgx.Tx, r storecore.HistoryRow, target []byte) error {
	var st string
	if target == nil || json.Unmarshal(target, &st) != nil {
		return fmt.Errorf("history %d: suggestion status %q", r.Seq, target)
	}
	_, err := tx.Exec(ctx, `UPDATE suggestions SET status = $1 WHERE id = $2::bigint`, st, r.ID)
	return err
}

func (s *DB) logDecision(ctx context.Context, tx pgx.Tx, sg *model.Suggestion, action model.DecisionAction, who, newLabel, annID string) error {
	if who == "" {
		return fmt.Errorf("suggestion %d: a decision needs a person's name", sg.ID)
	}
	_, err := tx.Exec(ctx, `INSERT INTO suggestion_decisions (person, suggestion_id, doc_id, action, at, recommender, label, new_label, start_cp, end_cp, text, score, annotation_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		who, sg.ID, sg.DocID, string(action), s.now(), sg.Recommender, sg.Label, newLabel, sg.Start(), sg.End(), sg.Text, sg.Score, annID)
	if err != nil {
		return fmt.Errorf("log decision on suggestion %d: %w", sg.ID, err)
	}
	return nil
}

// AcceptSuggestion makes by's annotation (or document label) from by's
// pending suggestion, in one transaction and one undo step with the
// status, the origin and the decision. With opts.Label or opts.Fragments
// it is a correction.
func (s *DB) AcceptSuggestion(ctx context.Context, id int64, by string, opts model.AcceptOptions) (*model.Annotation, error) {
	var made *model.Annotation
	err := s.acceptTx(ctx, by, func(tx pgx.Tx, grp, who string) error {
		var err error
		made, err = s.acceptIn(ctx, tx, grp, id, who, opts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return made, nil
}

// AcceptSuggestions accepts the pending suggestions ids as they are, in
// one transaction and one undo step ("accept all ≥ score").
func (s *DB) AcceptSuggestions(ctx context.Context, ids []int64, by string) ([]*model.Annotation, error) {
	var made []*model.Annotation
	err := s.acceptTx(ctx, by, func(tx pgx.Tx, grp, who string) error {
		var err error
		made, err = storecore.AcceptEach(ids, func(id int64) (*model.Annotation, error) {
			return s.acceptIn(ctx, tx, grp, id, who, model.AcceptOptions{})
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return made, nil
}

// acceptTx runs fn as one new step of by's history: the person's history
// lock held (two windows of one person never interleave an undo with
// it), redo dropped.
func (s *DB) acceptTx(ctx context.Context, by string, fn func(tx pgx.Tx, grp, who string) error) error {
	if strings.TrimSpace(by) == "" && s.person == "" {
		return fmt.Errorf("accept suggestions: no annotator")
	}
	who := s.whose(by)
	return s.tx(ctx, func(tx pgx.Tx) error {
		if err := lockPerson(ctx, tx, s.actor(who)); err != nil {
			return err
		}
		if err := s.dropRedo(ctx, tx, who); err != nil {
			return err
		}
		return fn(tx, newGroup(), who)
	})
}

// acceptIn is one accept inside tx, recorded in history group grp.
func (s *DB) acceptIn(ctx context.Context, tx pgx.Tx, grp string, id int64, who string, opts model.AcceptOptions) (*model.Annotation, error) {
	sg, err := pendingSuggestion(ctx, tx, id, who)
	if err != nil {
		return nil, err
	}
	label, action, newLabel := storecore.Acceptance(sg, opts)
	var made *model.Annotation
	annID := ""
	core := s.core(tx)
	if sg.IsDocLabel() {
		l := model.DocLabel{DocID: sg.DocID, Annotator: who, Set: sg.Set, Value: label}
		if err := ensureAnnotator(ctx, tx, who, s.now()); err != nil {
			return nil, fmt.Errorf("accept suggestion %d: %w", id, err)
		}
		added, err := core.InsertDocLabel(ctx, l)
		if err != nil {
			return nil, fmt.Errorf("accept suggestion %d: %w", id, err)
		}
		if added { // a label the layer had stays when the accept is undone
			if err := s.record(ctx, tx, grp, who, "create", storecore.EntDocLabel, l.Set+"="+l.Value, l.DocID, nil, &l); err != nil {
				return nil, err
			}
		}
	} else {
		a := &model.Annotation{DocID: sg.DocID, Annotator: who, Label: label, Fragments: storecore.AcceptedFragments(sg, opts), Attributes: sg.Attributes}
		var err error
		if annID, made, err = s.acceptSpan(ctx, tx, grp, sg, a); err != nil {
			return nil, fmt.Errorf("accept suggestion %d: %w", id, err)
		}
	}
	if err := s.setSuggestionStatus(ctx, tx, grp, who, sg, model.SuggestionAccepted); err != nil {
		return nil, err
	}
	return made, s.logDecision(ctx, tx, sg, action, who, newLabel, annID)
}

// acceptSpan makes a, the person's annotation from sg, in history group
// grp, with its origin. When another recommender proposed the same span
// and label and it was accepted already (a is in the layer), it makes no
// second annotation: the accept marks the proposal taken, and annID is
// the annotation there.
func (s *DB) acceptSpan(ctx context.Context, tx pgx.Tx, grp string, sg *model.Suggestion, a *model.Annotation) (annID string, made *model.Annotation, err error) {
	rows, err := tx.Query(ctx, `SELECT `+annotationCols+` FROM annotations WHERE doc_id = $1 AND annotator = $2 AND label = $3 AND start_cp = $4 AND end_cp = $5`,
		a.DocID, a.Annotator, a.Label, a.Start(), a.End())
	if err != nil {
		return "", nil, err
	}
	same, err := collectAnnotations(rows)
	if err != nil {
		return "", nil, err
	}
	want := storecore.SuggestionKey("", a.Label, a.Fragments)
	for _, b := range same {
		if storecore.SuggestionKey("", b.Label, b.Fragments) == want {
			return b.ID, nil, nil
		}
	}
	ix, err := s.docIndex(ctx, tx, sg.DocID)
	if err != nil {
		return "", nil, err
	}
	if err := s.insertAnnotation(ctx, tx, ix, a, 0); err != nil {
		return "", nil, err
	}
	if err := s.record(ctx, tx, grp, a.Annotator, "create", entAnnotation, a.ID, a.DocID, nil, a); err != nil {
		return "", nil, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO annotation_origins (annotation_id, person, suggestion_id, recommender, version, score) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (annotation_id) DO UPDATE SET person = EXCLUDED.person, suggestion_id = EXCLUDED.suggestion_id, recommender = EXCLUDED.recommender, version = EXCLUDED.version, score = EXCLUDED.score`,
		a.ID, a.Annotator, sg.ID, sg.Recommender, sg.Version, sg.Score); err != nil {
		return "", nil, fmt.Errorf("origin: %w", err)
	}
	return a.ID, a, nil
}

// RejectSuggestion marks by's pending suggestion rejected (one undo step)
// and logs it. While it stays rejected, the same text and label are never
// suggested to by again in that document.
func (s *DB) RejectSuggestion(ctx context.Context, id int64, by string) error {
	return s.acceptTx(ctx, by, func(tx pgx.Tx, grp, who string) error {
		return s.rejectIn(ctx, tx, grp, id, who)
	})
}

// RejectSuggestions rejects by's pending suggestions ids in one
// transaction and one undo step; an id an earlier one's reject took away
// with it (same text and label) is passed over. It returns how many it
// rejected.
func (s *DB) RejectSuggestions(ctx context.Context, ids []int64, by string) (int, error) {
	n := 0
	err := s.acceptTx(ctx, by, func(tx pgx.Tx, grp, who string) error {
		var err error
		n, err = storecore.RejectEach(ids, func(id int64) error { return s.rejectIn(ctx, tx, grp, id, who) })
		return err
	})
	return n, err
}

// rejectIn is one reject of who's inside tx, in history group grp.
func (s *DB) rejectIn(ctx context.Context, tx pgx.Tx, grp string, id int64, who string) error {
	sg, err := pendingSuggestion(ctx, tx, id, who)
	if err != nil {
		return err
	}
	if err := s.logDecision(ctx, tx, sg, model.DecisionRejected, who, "", ""); err != nil {
		return err
	}
	if err := s.setSuggestionStatus(ctx, tx, grp, who, sg, model.SuggestionRejected); err != nil {
		return err
	}
	// The same text and label elsewhere in the document go too.
	_, err = tx.Exec(ctx, `DELETE FROM suggestions WHERE person = $1 AND doc_id = $2 AND set_name = $3 AND label = $4 AND text = $5 AND status = 'pending'`, who, sg.DocID, sg.Set, sg.Label, sg.Text)
	return err
}

// LogDecision records that by was shown, or skipped, their suggestion.
func (s *DB) LogDecision(ctx context.Context, id int64, action model.DecisionAction, by string) error {
	if err := storecore.CheckLoggable(action); err != nil {
		return err
	}
	who := s.whose(by)
	return s.tx(ctx, func(tx pgx.Tx) error {
		sg, err := getSuggestion(ctx, tx, id, who, false)
		if err != nil {
			return err
		}
		return s.logDecision(ctx, tx, sg, action, who, "", "")
	})
}

// Decisions is the decision log of a document (every document when docID
// is 0), oldest first: every person's the connection may read (an
// annotator's own; a curator's, lead's or the owner's, the team's).
func (s *DB) Decisions(ctx context.Context, docID int64) ([]model.Decision, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, suggestion_id, doc_id, action, person, at, recommender, label, new_label, start_cp, end_cp, text, score, annotation_id
		FROM suggestion_decisions WHERE $1 = 0 OR doc_id = $1 ORDER BY id`, docID)
	if err != nil {
		return nil, fmt.Errorf("decision log: %w", s.wrap(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Decision, error) {
		var d model.Decision
		var action string
		err := r.Scan(&d.ID, &d.SuggestionID, &d.DocID, &action, &d.By, &d.At, &d.Recommender, &d.Label, &d.NewLabel, &d.Start, &d.End, &d.Text, &d.Score, &d.AnnotationID)
		d.Action, d.At = model.DecisionAction(action), d.At.UTC()
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("decision log: %w", s.wrap(err))
	}
	return out, nil
}

// AnnotationOrigin says which suggestion an annotation was accepted from;
// model.ErrNotFound when it was made by hand (or its accept was undone).
func (s *DB) AnnotationOrigin(ctx context.Context, annotationID string) (*model.SuggestionOrigin, error) {
	o := model.SuggestionOrigin{AnnotationID: annotationID}
	err := s.pool.QueryRow(ctx, `SELECT o.suggestion_id, o.recommender, o.version, o.score FROM annotation_origins o
		WHERE o.annotation_id = $1 AND EXISTS (SELECT 1 FROM annotations a WHERE a.id = $1)`, annotationID).
		Scan(&o.SuggestionID, &o.Recommender, &o.Version, &o.Score)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("origin of annotation %s: %w", annotationID, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("origin of annotation %s: %w", annotationID, s.wrap(err))
	}
	return &o, nil
}

// SaveModel stores a trained model as the next version of the person's
// (m.CreatedBy, see whose) recommender; m.Version is set.
func (s *DB) SaveModel(ctx context.Context, m *model.RecommenderModel) error {
	who := s.whose(m.CreatedBy)
	return s.tx(ctx, func(tx pgx.Tx) error {
		// Two trainings of one person's recommender at once take turns
		// for the next version number.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 16))`, who, m.Recommender); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM recommender_models WHERE person = $1 AND recommender = $2`, who, m.Recommender).Scan(&m.Version); err != nil {
			return err
		}
		if m.CreatedAt.IsZero() {
			m.CreatedAt = s.now()
		}
		eval := string(m.Evaluation)
		if eval == "" {
			eval = "{}"
		}
		data := m.Data
		if data == nil {
			data = []byte{}
		}
		m.CreatedBy = who
		_, err := tx.Exec(ctx, `INSERT INTO recommender_models (person, recommender, version, kind, data, evaluation, trained_on, annotations, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			who, m.Recommender, m.Version, m.Kind, data, eval, m.TrainedOn, m.Annotations, m.CreatedAt)
		if err != nil {
			return fmt.Errorf("save model of %s: %w", m.Recommender, err)
		}
		return nil
	})
}

// LatestModel is the person's newest model of the recommender;
// model.ErrNoModel if they never trained it.
func (s *DB) LatestModel(ctx context.Context, recommender string) (*model.RecommenderModel, error) {
	who := s.whose("")
	m := model.RecommenderModel{Recommender: recommender, CreatedBy: who}
	var eval string
	err := s.pool.QueryRow(ctx, `SELECT version, kind, data, evaluation, trained_on, annotations, created_at FROM recommender_models
		WHERE person = $1 AND recommender = $2 ORDER BY version DESC LIMIT 1`, who, recommender).
		Scan(&m.Version, &m.Kind, &m.Data, &eval, &m.TrainedOn, &m.Annotations, &m.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("recommender %s: %w", recommender, model.ErrNoModel)
	}
	if err != nil {
		return nil, fmt.Errorf("model of %s: %w", recommender, s.wrap(err))
	}
	m.Evaluation, m.CreatedAt = []byte(eval), m.CreatedAt.UTC()
	return &m, nil
}

// Models lists every version of the person's recommender, oldest first,
// without the model data.
func (s *DB) Models(ctx context.Context, recommender string) ([]model.RecommenderModel, error) {
	who := s.whose("")
	rows, err := s.pool.Query(ctx, `SELECT version, kind, evaluation, trained_on, annotations, created_at FROM recommender_models
		WHERE person = $1 AND recommender = $2 ORDER BY version`, who, recommender)
	if err != nil {
		return nil, fmt.Errorf("models of %s: %w", recommender, s.wrap(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.RecommenderModel, error) {
		m := model.RecommenderModel{Recommender: recommender, CreatedBy: who}
		var eval string
		err := r.Scan(&m.Version, &m.Kind, &eval, &m.TrainedOn, &m.Annotations, &m.CreatedAt)
		m.Evaluation, m.CreatedAt = []byte(eval), m.CreatedAt.UTC()
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("models of %s: %w", recommender, s.wrap(err))
	}
	return out, nil
}

// RecommenderSettings are the person's settings of a recommender
// (enabled, no threshold, when never set).
func (s *DB) RecommenderSettings(ctx context.Context, name string) (model.RecommenderSettings, error) {
	st := model.RecommenderSettings{Name: name, Enabled: true}
	err := s.pool.QueryRow(ctx, `SELECT enabled, threshold FROM recommender_settings WHERE person = $1 AND name = $2`, s.whose(""), name).Scan(&st.Enabled, &st.Threshold)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("settings of %s: %w", name, s.wrap(err))
	}
	return st, nil
}

// SetRecommenderSettings stores the person's settings of a recommender.
func (s *DB) SetRecommenderSettings(ctx context.Context, st model.RecommenderSettings) error {
	if err := storecore.CheckSettings(st); err != nil {
		return err
	}
	return s.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO recommender_settings (person, name, enabled, threshold) VALUES ($1, $2, $3, $4)
			ON CONFLICT (person, name) DO UPDATE SET enabled = EXCLUDED.enabled, threshold = EXCLUDED.threshold`, s.whose(""), st.Name, st.Enabled, st.Threshold)
		return err
	})
}

// Recommenders names every recommender the person knows: trained ones,
// ones with suggestions for them and ones with settings, sorted.
func (s *DB) Recommenders(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT recommender FROM recommender_models WHERE person = $1
		UNION SELECT recommender FROM suggestions WHERE person = $1
		UNION SELECT name FROM recommender_settings WHERE person = $1 ORDER BY 1`, s.whose(""))
	if err != nil {
		return nil, fmt.Errorf("recommenders: %w", s.wrap(err))
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("recommenders: %w", s.wrap(err))
	}
	return out, nil
}

var _ model.SuggestionStore = (*DB)(nil)
