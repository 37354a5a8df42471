package ui

import "github.com/margin-app/margin/model"

// reread reads the document's layers (unless all has them already) and
// its verdicts in the edit queue, after the writes queued before, and
// shows the comparison: overlays, the panel and the status bar, all from
// that one read. then, if not nil, runs after them (not when the user
// moved to another document or mode meanwhile: that one reads its own).
func (p *reviewPanel) reread(all []model.Annotation, then func()) {
	w := p.w
	if w.doc == nil {
		return
	}
	p.loaded = false
	id, mode := w.doc.ID, w.mode
	var verdicts []model.Verdict
	w.ctl.Read(func(s model.Store) error {
		var err error
		if all == nil {
			if all, err = s.Annotations(w.ctx, id, ""); err != nil {
				return err
			}
		}
		verdicts, err = s.Verdicts(w.ctx, id)
		return err
	}, func(err error) {
		if w.doc == nil || w.doc.ID != id || w.mode != mode {
			return
		}
		if err != nil {
			w.showError(err)
			return
		}
		w.drawLayer(append(w.layerHighlights(), p.load(all, verdicts)...))
		w.updateStatus()
		if then != nil {
			then()
		}
	})
}
