package ui

// PrefLabelTags is the Fyne preference (bool, default off) that draws each
// span's label name above it in the article (articleview
// SetShowLabelTags). A menu or preferences dialog sets it with
// SetShowLabelTags, which also applies it to the open view.
const PrefLabelTags = "articleLabelTags"

// applyViewPreferences sets the article view from the app's preferences.
func (w *Window) applyViewPreferences() {
	if p := prefs(); p != nil {
		w.view.SetShowLabelTags(p.Bool(PrefLabelTags))
	}
}

// SetShowLabelTags turns label tags in the article on or off and remembers
// the choice in the preferences.
func (w *Window) SetShowLabelTags(on bool) {
	if p := prefs(); p != nil {
		p.SetBool(PrefLabelTags, on)
	}
	w.view.SetShowLabelTags(on)
}
