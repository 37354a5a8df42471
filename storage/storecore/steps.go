package storecore

import (
	"context"
	"fmt"

	"github.com/margin-app/margin/model"
)

// StepFunc undoes (undo) or redoes actor's next history group in one of
// a store's transactions (Step, under the store's locks); want, when not
// "", is the group expected.
type StepFunc func(ctx context.Context, actor, want string, undo bool) (*model.HistoryStep, error)

// Steps is model.Store's Undo, Redo and StepHistory over a store's
// StepFunc; a store embeds it.
type Steps struct{ step StepFunc }

// NewSteps makes a store's Steps.
func NewSteps(step StepFunc) Steps { return Steps{step: step} }

// Undo reverts the actor's most recent change group. It returns nil, nil
// when there is nothing to undo.
func (h Steps) Undo(ctx context.Context, actor string) (*model.HistoryStep, error) {
	return h.step(ctx, actor, "", true)
}

// Redo re-applies the actor's most recently undone change group.
func (h Steps) Redo(ctx context.Context, actor string) (*model.HistoryStep, error) {
	return h.step(ctx, actor, "", false)
}

// StepHistory undoes (undo) or redoes the actor's group grp, which must
// still be the actor's next step (model.ErrHistoryMoved otherwise): the
// window and the command line show a preview first, and nothing else may
// go instead of what was shown.
func (h Steps) StepHistory(ctx context.Context, actor, grp string, undo bool) (*model.HistoryStep, error) {
	if grp == "" {
		return nil, fmt.Errorf("history step: no group given")
	}
	return h.step(ctx, actor, grp, undo)
}
