package articleview

// Incremental changes for an editor that changes one span at a time: none
// lays the text out again, and the next frame draws only the visible lines,
// so an edit in a document of 10,000 spans costs about what it costs in one
// of ten (SetHighlights and SetConnectors rebuild everything).

// UpdateHighlights removes the highlights with the ids in remove, then adds
// add (replacing any with the same id), as one change and one redraw. The
// selected span stays selected while its id is still there.
func (v *View) UpdateHighlights(remove []string, add []Highlight) {
	changed := false
	for _, id := range remove {
		changed = v.hl.remove(id) || changed
	}
	for _, h := range add {
		v.hl.add(h)
		changed = true
	}
	if !changed {
		return
	}
	v.hlVersion++
	if v.selectedID != "" && v.hl.get(v.selectedID) == nil {
		v.selectedID = ""
	}
	v.retip()
	v.Refresh()
}

// HighlightCount is the number of highlights set.
func (v *View) HighlightCount() int { return len(v.hl.items) }

// AddConnector adds a connector, or replaces the one with the same ID.
func (v *View) AddConnector(c Connector) {
	x := &v.conns
	for i := range x.items {
		if c.ID != "" && x.items[i].ID == c.ID {
			x.items[i] = c
			x.built = -1
			x.version++
			v.Refresh()
			return
		}
	}
	x.items = append(x.items, c)
	x.built = -1
	x.version++
	v.Refresh()
}

// RemoveConnector removes the connector with this ID (deselecting it).
func (v *View) RemoveConnector(id string) {
	x := &v.conns
	for i := range x.items {
		if x.items[i].ID == id {
			x.items = append(x.items[:i], x.items[i+1:]...)
			x.built = -1
			x.version++
			if v.selectedConn == id {
				v.selectedConn = ""
			}
			v.Refresh()
			return
		}
	}
}
