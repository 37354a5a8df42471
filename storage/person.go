package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// A project file pulled from a server for one team member (margin pull)
// is that member's working copy. The file keeps the member's name, so
// that 'margin annotate' and the window write in that member's layer
// without --annotator: the server lets the member push only that layer,
// and spans written under the computer's user name were refused or left
// behind by the push.

const personKey = "person"

// Person is the member this file is a working copy for, "" when none.
func (s *DB) Person(ctx context.Context) (string, error) {
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM project WHERE key = ?`, personKey).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: whose copy: %w", s.path, err)
	}
	return name, nil
}

// SetPerson records the member this file is a working copy for. It is
// bookkeeping, not content: the change counter does not move.
func (s *DB) SetPerson(ctx context.Context, name string) error {
	return s.metaTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, personKey, name)
		return err
	})
}
