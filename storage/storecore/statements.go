package storecore

import (
	"context"

	"github.com/margin-app/margin/model"
)

// The statements the shared logic runs that read the same in both
// dialects (but for their placeholders, id and time arguments, which the
// Querier gives).

func deleteAnnotationRow(ctx context.Context, t Tx, id string) error {
	_, err := t.Exec(ctx, `DELETE FROM annotations WHERE id = ?`, t.KeyArg(id))
	return err
}

func annotationExists(ctx context.Context, t Tx, id string) (bool, error) {
	var n int
	err := t.QueryRow(ctx, `SELECT count(*) FROM annotations WHERE id = ?`, t.KeyArg(id)).Scan(&n)
	return n > 0, err
}

func documentExists(ctx context.Context, t Tx, docID int64) (bool, error) {
	var n int
	err := t.QueryRow(ctx, `SELECT count(*) FROM documents WHERE id = ?`, docID).Scan(&n)
	return n > 0, err
}

func deleteRelationRow(ctx context.Context, t Tx, id string) error {
	_, err := t.Exec(ctx, `DELETE FROM relations WHERE id = ?`, id)
	return err
}

func deleteVerdict(ctx context.Context, t Tx, id string) error {
	_, err := t.Exec(ctx, `DELETE FROM verdicts WHERE id = ?`, id)
	return err
}

// deleteDocLabel removes l; false when it was not there.
func deleteDocLabel(ctx context.Context, t Tx, l model.DocLabel) (bool, error) {
	n, err := t.Exec(ctx, `DELETE FROM doc_labels WHERE doc_id = ? AND annotator = ? AND set_name = ? AND value = ?`, l.DocID, l.Annotator, l.Set, l.Value)
	return n > 0, err
}

// setGroupState marks actor's rows of grp done or undone.
func setGroupState(ctx context.Context, t Tx, grp, actor, state string) error {
	_, err := t.Exec(ctx, `UPDATE history SET state = ?, state_at = ? WHERE grp = ? AND annotator = ?`, state, t.TimeArg(t.Now()), grp, actor)
	return err
}

func insertSchema(ctx context.Context, t Tx, toml, by string) error {
	_, err := t.Exec(ctx, `INSERT INTO schemas (toml, created_at, created_by) VALUES (?, ?, ?)`, toml, t.TimeArg(t.Now()), by)
	return err
}

// labelsInUse counts the annotations of every label. A failed scan is an
// error: a label missed here would be dropped with its annotations.
func labelsInUse(ctx context.Context, t Tx) (map[string]int, error) {
	used := map[string]int{}
	err := t.QueryEach(ctx, `SELECT label, count(*) FROM annotations GROUP BY label`, nil, func(row Row) error {
		var l string
		var n int
		if err := row.Scan(&l, &n); err != nil {
			return err
		}
		used[l] = n
		return nil
	})
	return used, err
}
