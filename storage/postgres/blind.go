package postgres

import (
	"context"
	"fmt"
)

// Blind mode (migrations/003): while it is on, the server shows an
// annotator only their own layer, so that colleagues' work does not bias
// theirs; curators and leads see everything. Only a lead (or the owner)
// turns it on or off; turning it off opens the layers to everyone.

// SetBlind turns blind mode on or off. The server refuses anyone but a
// lead or the owner (ErrRefused).
func (s *DB) SetBlind(ctx context.Context, on bool) error {
	if _, err := s.pool.Exec(ctx, `SELECT margin_set_blind($1)`, on); err != nil {
		return fmt.Errorf("blind mode: %w", s.wrap(err))
	}
	return nil
}

// Blind says whether blind mode is on.
func (s *DB) Blind(ctx context.Context) (bool, error) {
	var on bool
	if err := s.pool.QueryRow(ctx, `SELECT margin_blind()`).Scan(&on); err != nil {
		return false, fmt.Errorf("blind mode: %w", err)
	}
	return on, nil
}

// LayersHidden says whether colleagues' layers are hidden from this
// connection: blind mode is on and it is an annotator's. The window and
// the commands say so, rather than showing an annotator who sees no
// colleague's span "no spans" or "agreement over no one".
func (s *DB) LayersHidden(ctx context.Context) (bool, error) {
	var hidden bool
	if err := s.pool.QueryRow(ctx, `SELECT margin_blind() AND margin_kind() IS NOT DISTINCT FROM 'annotator'`).Scan(&hidden); err != nil {
		return false, fmt.Errorf("blind mode: %w", err)
	}
	return hidden, nil
}

// OwnProgressOnly says that the progress matrix shows this connection
// only its own row while colleagues' layers are hidden from it (blind
// mode, an annotator): their rows would show "nothing done", since their
// statuses are hidden, not absent (model.ProgressLimiter).
func (s *DB) OwnProgressOnly(ctx context.Context) (string, bool, error) {
	hidden, err := s.LayersHidden(ctx)
	return s.person, hidden, err
}
