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
		sel := w.view.SelectedHighlight()
		w.drawLayer(append(w.layerHighlights(), p.load(all, verdicts)...))
		p.keepOutline(sel)
		w.updateStatus()
		if then != nil {
			then()
		}
	})
}

// keepOutline keeps the outlined span sel (an overlay id) and its group
// current after the comparison was computed again: a colleague's new
// span or a ticked layer can change the groups' order, and the view
// dropped the outline with the old highlights.
func (p *reviewPanel) keepOutline(sel string) {
	if !isOverlay(sel) || p.at < 0 {
		return
	}
	if i := p.clusterOf(sel); i >= 0 {
		p.at = i
		p.w.view.SelectHighlight(sel)
		p.showCurrent()
		return
	}
	p.at = -1
	p.showCurrent()
}
