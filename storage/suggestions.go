package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/storecore"
)

// Suggestions (issue 16) live in their own tables (migration 004): they
// are not annotations until a person accepts one. Accepting writes the
// annotation, its history row, the suggestion's new status (a history row
// of entity "suggestion", so undo puts the suggestion back as pending),
// its origin and the decision, all in one transaction and one undo group.

// entSuggestion is the history entity of a suggestion's status change;
// before and after are the status as a JSON string.
const entSuggestion = "suggestion"

const suggestionCols = `id, doc_id, recommender, version, label, set_name, start, end, fragments, text, attributes, score, source, status, created_at`

func scanSuggestion(sc interface{ Scan(...any) error }) (model.Suggestion, error) {
	var s model.Suggestion
	var start, end int
	var frags sql.NullString
	var attrs, status, created string
	if err := sc.Scan(&s.ID, &s.DocID, &s.Recommender, &s.Version, &s.Label, &s.Set, &start, &end, &frags, &s.Text, &attrs, &s.Score, &s.Source, &status, &created); err != nil {
		return s, err
	}
	s.Status = model.SuggestionStatus(status)
	s.CreatedAt = parseTime(created)
	var fragsJSON *string
	if frags.Valid {
		fragsJSON = &frags.String
	}
	return s, storecore.DecodeSuggestion(&s, start, end, fragsJSON, attrs)
}

// AddSuggestions stores a recommender's proposals for one document in one
// transaction, replacing its pending ones there. Proposals are dropped
// when the same text and label was rejected in the document before, when
// the same proposal was already accepted, and when b.For's layer already
// has it. It returns how many were stored.
func (s *DB) AddSuggestions(ctx context.Context, b model.SuggestionBatch) (int, error) {
	stored := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ix, err := s.docIndex(ctx, tx, b.DocID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM suggestions WHERE doc_id = ? AND recommender = ? AND status = 'pending'`, b.DocID, b.Recommender); err != nil {
			return fmt.Errorf("replace suggestions of %s: %w", b.Recommender, err)
		}
		keep := storecore.NewProposals()
		if err := layerKeys(ctx, tx, b.DocID, b.For, keep); err != nil {
			return err
		}
		if err := decidedKeys(ctx, tx, b.DocID, keep); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, insertSuggestionSQL)
		if err != nil {
			return err
		}
		defer ins.Close()
		now := s.stamp()
		for i := range b.Items {
			it := &b.Items[i]
			it.DocID, it.Recommender, it.Version = b.DocID, b.Recommender, b.Version
			if err := it.Validate(ix); err != nil {
				return err
			}
			if !keep.Keep(it) {
				continue
			}
			if it.ID, err = insertSuggestion(ctx, ins, it, now); err != nil {
				return err
			}
			it.Status = model.SuggestionPending
			stored++
		}
		return nil
	})
	return stored, err
}

// layerKeys records in keep what annotator's layer of the document
// already has (nothing when annotator is empty).
func layerKeys(ctx context.Context, tx *sql.Tx, docID int64, annotator string, keep *storecore.Proposals) error {
	if annotator == "" {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+annotationCols+` FROM annotations WHERE doc_id = ? AND annotator = ?`, docID, annotator)
	if err != nil {
		return err
	}
	for rows.Next() {
		a, err := scanAnnotation(rows)
		if err != nil {
			rows.Close()
			return err
		}
		keep.HasSpan(&a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	lrows, err := tx.QueryContext(ctx, `SELECT set_name, value FROM doc_labels WHERE doc_id = ? AND annotator = ?`, docID, annotator)
	if err != nil {
		return err
	}
	defer lrows.Close()
	for lrows.Next() {
		var set, v string
		if err := lrows.Scan(&set, &v); err != nil {
			return err
		}
		keep.HasDocLabel(set, v)
	}
	return lrows.Err()
}

// decidedKeys records in keep the document's accepted and rejected
// suggestions.
func decidedKeys(ctx context.Context, tx *sql.Tx, docID int64, keep *storecore.Proposals) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+suggestionCols+` FROM suggestions WHERE doc_id = ? AND status != 'pending'`, docID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		sg, err := scanSuggestion(rows)
		if err != nil {
			return err
		}
		keep.Decided(&sg)
	}
	return rows.Err()
}

// Suggestions returns the suggestions q selects, by document, start and
// descending score.
func (s *DB) Suggestions(ctx context.Context, q model.SuggestionQuery) ([]model.Suggestion, error) {
	status := storecore.StatusFilter(q)
	var ids any // NULL: any id
	if len(q.IDs) > 0 {
		buf, _ := json.Marshal(q.IDs)
		ids = string(buf)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+suggestionCols+` FROM suggestions
		WHERE (?1 = 0 OR doc_id = ?1) AND (?2 = '' OR recommender = ?2) AND (?3 = '' OR status = ?3) AND score >= ?4
		AND (?5 IS NULL OR id IN (SELECT value FROM json_each(?5)))
		ORDER BY doc_id, start, score DESC, id`, q.DocID, q.Recommender, status, q.MinScore, ids)
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", err)
	}
	defer rows.Close()
	out := []model.Suggestion{}
	for rows.Next() {
		sg, err := scanSuggestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

// Suggestion loads one suggestion.
func (s *DB) Suggestion(ctx context.Context, id int64) (*model.Suggestion, error) {
	return getSuggestion(ctx, s.db, id)
}

func getSuggestion(ctx context.Context, q queryer, id int64) (*model.Suggestion, error) {
	sg, err := scanSuggestion(q.QueryRowContext(ctx, `SELECT `+suggestionCols+` FROM suggestions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("suggestion %d: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("suggestion %d: %w", id, err)
	}
	return &sg, nil
}

// pendingSuggestion loads a suggestion that must still be pending.
func pendingSuggestion(ctx context.Context, tx *sql.Tx, id int64) (*model.Suggestion, error) {
	sg, err := getSuggestion(ctx, tx, id)
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
func (s *DB) setSuggestionStatus(ctx context.Context, tx *sql.Tx, grp, by string, sg *model.Suggestion, to model.SuggestionStatus) error {
	if _, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = ? WHERE id = ?`, string(to), sg.ID); err != nil {
		return fmt.Errorf("suggestion %d: %w", sg.ID, err)
	}
	return s.record(ctx, tx, grp, by, "update", entSuggestion, fmt.Sprint(sg.ID), sg.DocID, string(sg.Status), string(to))
}

// applySuggestionStatus is undo/redo of a status change.
func applySuggestionStatus(ctx context.Context, tx *sql.Tx, r historyRow, target sql.NullString) error {
	var st string
	if err := json.Unmarshal([]byte(target.String), &st); err != nil || !target.Valid {
		return fmt.Errorf("history %d: suggestion status %q", r.seq, target.String)
	}
	_, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = ? WHERE id = ?`, st, r.id)
	return err
}

func (s *DB) logDecision(ctx context.Context, tx *sql.Tx, sg *model.Suggestion, action model.DecisionAction, by, newLabel, annID string) error {
	if strings.TrimSpace(by) == "" {
		return fmt.Errorf("suggestion %d: a decision needs a person's name", sg.ID)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO suggestion_decisions (suggestion_id, doc_id, action, by_name, at, recommender, label, new_label, start, end, text, score, annotation_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sg.ID, sg.DocID, string(action), by, s.stamp(), sg.Recommender, sg.Label, newLabel, sg.Start(), sg.End(), sg.Text, sg.Score, annID)
	if err != nil {
		return fmt.Errorf("log decision on suggestion %d: %w", sg.ID, err)
	}
	return nil
}

// AcceptSuggestion makes by's annotation from a pending suggestion (or,
// for a document-label suggestion, by's document label), in one
// transaction and one undo group with the status change, the origin and
// the decision. With opts.Label or opts.Fragments it is a correction.
func (s *DB) AcceptSuggestion(ctx context.Context, id int64, by string, opts model.AcceptOptions) (*model.Annotation, error) {
	var made *model.Annotation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if strings.TrimSpace(by) == "" {
			return fmt.Errorf("accept suggestion %d: no annotator", id)
		}
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		var err error
		made, err = s.acceptIn(ctx, tx, uuid.NewString(), id, by, opts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return made, nil
}

// AcceptSuggestions accepts the pending suggestions ids as they are, in
// one transaction and one undo group ("accept all ≥ score" of a document
// is one step). It returns the annotations made (a document label makes
// none).
func (s *DB) AcceptSuggestions(ctx context.Context, ids []int64, by string) ([]*model.Annotation, error) {
	var made []*model.Annotation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		made = made[:0]
		if strings.TrimSpace(by) == "" {
			return fmt.Errorf("accept suggestions: no annotator")
		}
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		grp := uuid.NewString()
		var err error
		made, err = storecore.AcceptEach(ids, func(id int64) (*model.Annotation, error) {
			return s.acceptIn(ctx, tx, grp, id, by, model.AcceptOptions{})
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return made, nil
}

// acceptIn is one accept inside tx, recorded in history group grp.
func (s *DB) acceptIn(ctx context.Context, tx *sql.Tx, grp string, id int64, by string, opts model.AcceptOptions) (*model.Annotation, error) {
	var made *model.Annotation
	sg, err := pendingSuggestion(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	label, action, newLabel := storecore.Acceptance(sg, opts)
	annID := ""
	if sg.IsDocLabel() {
		l := model.DocLabel{DocID: sg.DocID, Annotator: by, Set: sg.Set, Value: label}
		if err := ensureAnnotator(ctx, tx, by, s.stamp()); err != nil {
			return nil, err
		}
		r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO doc_labels (doc_id, annotator, set_name, value, created_at) VALUES (?, ?, ?, ?, ?)`, l.DocID, by, l.Set, l.Value, s.stamp())
		if err != nil {
			return nil, fmt.Errorf("accept suggestion %d: %w", id, err)
		}
		// A label the layer had stays when the accept is undone.
		if n, _ := r.RowsAffected(); n > 0 {
			if err := s.record(ctx, tx, grp, by, "create", entDocLabel, l.Set+"="+l.Value, l.DocID, nil, &l); err != nil {
				return nil, err
			}
		}
	} else {
		a := &model.Annotation{DocID: sg.DocID, Annotator: by, Label: label, Fragments: storecore.AcceptedFragments(sg, opts), Attributes: sg.Attributes}
		var err error
		if annID, made, err = s.acceptSpan(ctx, tx, grp, sg, a); err != nil {
			return nil, fmt.Errorf("accept suggestion %d: %w", id, err)
		}
	}
	if err := s.setSuggestionStatus(ctx, tx, grp, by, sg, model.SuggestionAccepted); err != nil {
		return nil, err
	}
	return made, s.logDecision(ctx, tx, sg, action, by, newLabel, annID)
}

// acceptSpan makes a, by's annotation from sg, in history group grp, with
// its origin. When another recommender proposed the same span and label
// and it was accepted already (a is in the layer), it makes no second
// annotation: the accept marks the proposal taken, and annID is the
// annotation there.
func (s *DB) acceptSpan(ctx context.Context, tx *sql.Tx, grp string, sg *model.Suggestion, a *model.Annotation) (annID string, made *model.Annotation, err error) {
	have, err := sameSpan(ctx, tx, a)
	if err != nil || have != "" {
		return have, nil, err
	}
	ix, err := s.docIndex(ctx, tx, sg.DocID)
	if err != nil {
		return "", nil, err
	}
	if err := s.insertAnnotation(ctx, tx, ix, a); err != nil {
		return "", nil, err
	}
	if err := s.record(ctx, tx, grp, a.Annotator, "create", entAnnotation, a.ID, a.DocID, nil, a); err != nil {
		return "", nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO annotation_origins (annotation_id, suggestion_id, recommender, version, score) VALUES (?, ?, ?, ?, ?)`,
		a.ID, sg.ID, sg.Recommender, sg.Version, sg.Score); err != nil {
		return "", nil, fmt.Errorf("origin: %w", err)
	}
	return a.ID, a, nil
}

// sameSpan is the id of an annotation of a's layer and document with a's
// label and fragments, "" when there is none.
func sameSpan(ctx context.Context, tx *sql.Tx, a *model.Annotation) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+annotationCols+` FROM annotations WHERE doc_id = ? AND annotator = ? AND label = ? AND start = ? AND end = ?`,
		a.DocID, a.Annotator, a.Label, a.Start(), a.End())
	if err != nil {
		return "", err
	}
	defer rows.Close()
	want := storecore.SuggestionKey("", a.Label, a.Fragments)
	for rows.Next() {
		b, err := scanAnnotation(rows)
		if err != nil {
			return "", err
		}
		if storecore.SuggestionKey("", b.Label, b.Fragments) == want {
			return b.ID, nil
		}
	}
	return "", rows.Err()
}

// RejectSuggestion marks a pending suggestion rejected (one undo step for
// by) and logs it. While it stays rejected, the same text and label are
// never suggested again in that document.
func (s *DB) RejectSuggestion(ctx context.Context, id int64, by string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		return s.rejectIn(ctx, tx, uuid.NewString(), id, by)
	})
}

// RejectSuggestions rejects the pending suggestions ids in one
// transaction and one undo step; an id an earlier one's reject took away
// with it (same text and label) is passed over. It returns how many it
// rejected.
func (s *DB) RejectSuggestions(ctx context.Context, ids []int64, by string) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		if err := s.dropRedo(ctx, tx, by); err != nil {
			return err
		}
		grp := uuid.NewString()
		var err error
		n, err = storecore.RejectEach(ids, func(id int64) error { return s.rejectIn(ctx, tx, grp, id, by) })
		return err
	})
	return n, err
}

// rejectIn is one reject inside tx, recorded in history group grp.
func (s *DB) rejectIn(ctx context.Context, tx *sql.Tx, grp string, id int64, by string) error {
	sg, err := pendingSuggestion(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := s.logDecision(ctx, tx, sg, model.DecisionRejected, by, "", ""); err != nil {
		return err
	}
	if err := s.setSuggestionStatus(ctx, tx, grp, by, sg, model.SuggestionRejected); err != nil {
		return err
	}
	// The same text and label elsewhere in the document go too.
	_, err = tx.ExecContext(ctx, `DELETE FROM suggestions WHERE doc_id = ? AND set_name = ? AND label = ? AND text = ? AND status = 'pending'`, sg.DocID, sg.Set, sg.Label, sg.Text)
	return err
}

// LogDecision records that a suggestion was shown or skipped.
func (s *DB) LogDecision(ctx context.Context, id int64, action model.DecisionAction, by string) error {
	if err := storecore.CheckLoggable(action); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		sg, err := getSuggestion(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.logDecision(ctx, tx, sg, action, by, "", "")
	})
}

// Decisions is the decision log of a document (every document when docID
// is 0), oldest first.
func (s *DB) Decisions(ctx context.Context, docID int64) ([]model.Decision, error) {
	q := `SELECT id, suggestion_id, doc_id, action, by_name, at, recommender, label, new_label, start, end, text, score, annotation_id FROM suggestion_decisions`
	var args []any
	if docID != 0 {
		q += ` WHERE doc_id = ?`
		args = append(args, docID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("decision log: %w", err)
	}
	defer rows.Close()
	out := []model.Decision{}
	for rows.Next() {
		var d model.Decision
		var action, at string
		if err := rows.Scan(&d.ID, &d.SuggestionID, &d.DocID, &action, &d.By, &at, &d.Recommender, &d.Label, &d.NewLabel, &d.Start, &d.End, &d.Text, &d.Score, &d.AnnotationID); err != nil {
			return nil, err
		}
		d.Action, d.At = model.DecisionAction(action), parseTime(at)
		out = append(out, d)
	}
	return out, rows.Err()
}

// AnnotationOrigin says which suggestion an annotation was accepted from;
// model.ErrNotFound when it was made by hand (or its accept was undone).
func (s *DB) AnnotationOrigin(ctx context.Context, annotationID string) (*model.SuggestionOrigin, error) {
	o := model.SuggestionOrigin{AnnotationID: annotationID}
	err := s.db.QueryRowContext(ctx, `SELECT o.suggestion_id, o.recommender, o.version, o.score FROM annotation_origins o
		WHERE o.annotation_id = ? AND EXISTS (SELECT 1 FROM annotations a WHERE a.id IN (?, ?))`, annotationID, idKey(annotationID), annotationID).
		Scan(&o.SuggestionID, &o.Recommender, &o.Version, &o.Score)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("origin of annotation %s: %w", annotationID, model.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("origin of annotation %s: %w", annotationID, err)
	}
	return &o, nil
}

// SaveModel stores a trained model as the recommender's next version
// (m.Version is set).
func (s *DB) SaveModel(ctx context.Context, m *model.RecommenderModel) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM recommender_models WHERE recommender = ?`, m.Recommender).Scan(&m.Version); err != nil {
			return err
		}
		if m.CreatedAt.IsZero() {
			m.CreatedAt = s.now()
		}
		eval := string(m.Evaluation)
		if eval == "" {
			eval = "{}"
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO recommender_models (recommender, version, kind, data, evaluation, trained_on, annotations, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.Recommender, m.Version, m.Kind, m.Data, eval, m.TrainedOn, m.Annotations, m.CreatedAt.Format(time.RFC3339Nano), m.CreatedBy)
		if err != nil {
			return fmt.Errorf("save model of %s: %w", m.Recommender, err)
		}
		return nil
	})
}

// LatestModel is the recommender's newest model; model.ErrNoModel if it
// was never trained.
func (s *DB) LatestModel(ctx context.Context, recommender string) (*model.RecommenderModel, error) {
	m := model.RecommenderModel{Recommender: recommender}
	var eval, at string
	err := s.db.QueryRowContext(ctx, `SELECT version, kind, data, evaluation, trained_on, annotations, created_at, created_by FROM recommender_models WHERE recommender = ? ORDER BY version DESC LIMIT 1`, recommender).
		Scan(&m.Version, &m.Kind, &m.Data, &eval, &m.TrainedOn, &m.Annotations, &at, &m.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("recommender %s: %w", recommender, model.ErrNoModel)
	}
	if err != nil {
		return nil, fmt.Errorf("model of %s: %w", recommender, err)
	}
	m.Evaluation, m.CreatedAt = []byte(eval), parseTime(at)
	return &m, nil
}

// Models lists every version of a recommender, oldest first, without the
// model data.
func (s *DB) Models(ctx context.Context, recommender string) ([]model.RecommenderModel, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT version, kind, evaluation, trained_on, annotations, created_at, created_by FROM recommender_models WHERE recommender = ? ORDER BY version`, recommender)
	if err != nil {
		return nil, fmt.Errorf("models of %s: %w", recommender, err)
	}
	defer rows.Close()
	out := []model.RecommenderModel{}
	for rows.Next() {
		m := model.RecommenderModel{Recommender: recommender}
		var eval, at string
		if err := rows.Scan(&m.Version, &m.Kind, &eval, &m.TrainedOn, &m.Annotations, &at, &m.CreatedBy); err != nil {
			return nil, err
		}
		m.Evaluation, m.CreatedAt = []byte(eval), parseTime(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// RecommenderSettings are a recommender's settings (enabled, no threshold
// when never set).
func (s *DB) RecommenderSettings(ctx context.Context, name string) (model.RecommenderSettings, error) {
	st := model.RecommenderSettings{Name: name, Enabled: true}
	var enabled int
	err := s.db.QueryRowContext(ctx, `SELECT enabled, threshold FROM recommender_settings WHERE name = ?`, name).Scan(&enabled, &st.Threshold)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("settings of %s: %w", name, err)
	}
	st.Enabled = enabled != 0
	return st, nil
}

// SetRecommenderSettings stores a recommender's settings.
func (s *DB) SetRecommenderSettings(ctx context.Context, st model.RecommenderSettings) error {
	if err := storecore.CheckSettings(st); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		enabled := 0
		if st.Enabled {
			enabled = 1
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO recommender_settings (name, enabled, threshold) VALUES (?, ?, ?)
			ON CONFLICT(name) DO UPDATE SET enabled = excluded.enabled, threshold = excluded.threshold`, st.Name, enabled, st.Threshold)
		return err
	})
}

var _ model.SuggestionStore = (*DB)(nil)

const insertSuggestionSQL = `INSERT INTO suggestions (doc_id, recommender, version, label, set_name, start, end, fragments, text, attributes, score, source, status, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`

// insertSuggestion stores a validated suggestion as pending through the
// prepared insertSuggestionSQL and returns its id.
func insertSuggestion(ctx context.Context, ins *sql.Stmt, it *model.Suggestion, now string) (int64, error) {
	attrs, err := storecore.SuggestionAttrs(it)
	if err != nil {
		return 0, err
	}
	var frags any
	if len(it.Fragments) > 1 {
		frags = fragmentsJSON(it.Fragments)
	}
	r, err := ins.ExecContext(ctx, it.DocID, it.Recommender, it.Version, it.Label, it.Set, it.Start(), it.End(), frags, it.Text, attrs, it.Score, it.Source, now)
	if err != nil {
		return 0, fmt.Errorf("store suggestion: %w", err)
	}
	id, err := r.LastInsertId()
	return id, err
}

// insertImportedSuggestions stores the suggestions an import brought for
// a document, in the import's transaction; a reused document keeps the
// pending ones it has and gains the new ones.
func (s *DB) insertImportedSuggestions(ctx context.Context, tx *sql.Tx, docID int64, ix *model.TextIndex, items []model.Suggestion) error {
	if len(items) == 0 {
		return nil
	}
	ins, err := tx.PrepareContext(ctx, insertSuggestionSQL)
	if err != nil {
		return err
	}
	defer ins.Close()
	now := s.stamp()
	for i := range items {
		it := &items[i]
		it.DocID = docID
		if err := it.Validate(ix); err != nil {
			return err
		}
		if it.ID, err = insertSuggestion(ctx, ins, it, now); err != nil {
			return err
		}
	}
	return nil
}

// Recommenders names every recommender the project knows: trained ones,
// ones with suggestions (imported or external) and ones with settings,
// sorted.
func (s *DB) Recommenders(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT recommender FROM recommender_models UNION SELECT recommender FROM suggestions
		UNION SELECT name FROM recommender_settings ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("recommenders: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
