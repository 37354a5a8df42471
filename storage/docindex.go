package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/margin-app/margin/model"
)

// Every edit validates its offsets against the document's text index.
// Reading the text (up to a megabyte) and indexing it again for each edit
// cost a few milliseconds and ~5 MB of garbage per keystroke on a
// book-length document (issue 14), so the indexes of the few documents
// being edited are kept (storecore.IndexCache).
//
// Margin never changes a document's text once imported (nothing updates
// or deletes rows of documents), but another program may: a hand-edited
// file, an older tool, a document deleted and a different one imported
// under the same reused rowid. So a kept index is used only after a check
// in the edit's own transaction that the row with that id still has the
// SHA-256 the text had when it was indexed: one lookup in the small
// unique sha256 index (covering: the id is the rowid), which does not
// touch the row or its text. The SHA-256 is recomputed from the text
// before an index is kept, so a row whose stored sum does not describe
// its text is never cached (it is read each time, as before).
// (Variables, so that a test can make them small.)
var (
	docIndexCacheDocs  = 8
	docIndexCacheBytes = 64 << 20
)

// textReads counts the document texts read to index them (a test
// checks that a run of edits reads the text once).
var textReads atomic.Int64

func (s *DB) docIndex(ctx context.Context, tx *sql.Tx, docID int64) (*model.TextIndex, error) {
	if ix, sum, ok := s.ixCache.Get(docID); ok {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE sha256 = ?`, sum).Scan(&id)
		switch {
		case err == nil && id == docID:
			return ix, nil
		case err == nil, errors.Is(err, sql.ErrNoRows):
			s.ixCache.Drop(docID) // replaced or deleted: read it below
		default:
			return nil, fmt.Errorf("document %d: %w", docID, err)
		}
	}
	var text, sum string
	if err := tx.QueryRowContext(ctx, `SELECT text, sha256 FROM documents WHERE id = ?`, docID).Scan(&text, &sum); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("document %d: %w", docID, model.ErrNotFound)
		}
		return nil, err
	}
	textReads.Add(1)
	ix := model.NewTextIndex(text)
	if model.TextSHA256(text) == sum {
		s.ixCache.Put(docID, sum, ix, docIndexCacheDocs, docIndexCacheBytes)
	}
	return ix, nil
}
