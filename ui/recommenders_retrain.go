package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/suggest"
)

// Background retraining (issue 16): after every N edits the window saved,
// the trained recommenders are checked off the UI goroutine; one whose
// layers have N more (or fewer) annotations than it learned from
// (suggest.NeedsRetrain) is trained again, as "Train now" would, with its
// progress and Cancel in the panel, and then suggests again in the open
// document.

// defaultRetrainEvery is N unless the user types another.
const defaultRetrainEvery = 25

// autoRetrain is the setting and the count of saved edits since the last
// check.
type autoRetrain struct {
	on       *widget.Check
	every    *widget.Entry
	edits    int
	checking bool
	// checked, if set, is called on the UI goroutine after a check (tests).
	checked func(retrained string)
}

func (p *recommendersPanel) newAutoRetrain() fyne.CanvasObject {
	r := &p.retrain
	// "Retrain every N edits", kept short: the panel is narrow.
	r.on = widget.NewCheck("Retrain every", nil)
	r.on.SetChecked(true)
	r.every = widget.NewEntry()
	r.every.SetText(strconv.Itoa(defaultRetrainEvery))
	return container.NewBorder(nil, nil, r.on, widget.NewLabel("edits"), r.every)
}

// n is the N typed (the default when it is not a positive number).
func (r *autoRetrain) n() int {
	n, err := strconv.Atoi(strings.TrimSpace(r.every.Text))
	if err != nil || n < 1 {
		return defaultRetrainEvery
	}
	return n
}

// edited counts a saved edit and, every N, checks the recommenders.
func (p *recommendersPanel) edited() {
	r := &p.retrain
	w := p.s.w
	if !r.on.Checked || w.store.ReadOnly() {
		return
	}
	r.edits++
	if r.edits < r.n() || r.checking || p.job != nil {
		return
	}
	st, ok := storeAs[suggest.Store](w.store)
	lister, ok2 := storeAs[recommenderLister](w.store)
	if !ok || !ok2 {
		return
	}
	r.edits, r.checking = 0, true
	every := r.n()
	go func() {
		kind, name, from := "", "", []string(nil)
		names, err := lister.Recommenders(w.ctx)
		for _, n := range names {
			if err != nil {
				break
			}
			var m *model.RecommenderModel
			m, err = st.LatestModel(w.ctx, n)
			if errors.Is(err, model.ErrNoModel) {
				err = nil
				continue // imported or external: nothing to train
			}
			if err != nil {
				break
			}
			var due bool
			if due, err = suggest.NeedsRetrain(w.ctx, st, n, every); err == nil && due {
				kind, name, from = m.Kind, n, trainedOn(m)
				break
			}
		}
		p.post(func() {
			r.checking = false
			if err != nil {
				w.setStatusText("checking the recommenders: " + err.Error())
			} else if name != "" {
				// Retrained, it suggests again in the open document: the
				// proposals improve as the work goes on.
				p.train(kind, name, from, func() {
					p.afterJob = func() {
						if w.doc != nil && p.s.enabled() {
							p.suggest(name, []int64{w.doc.ID}, true)
						}
					}
				})
			}
			if r.checked != nil {
				r.checked(name)
			}
		})
	}()
}
