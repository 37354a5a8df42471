package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// themeScope holds a theme override that a refresh from above leaves
// alone. Fyne's ThemeOverride.Refresh (fyne v2.7.1 container/theme.go)
// applies its theme anew: a new scope, for which the painter loads the
// fonts again and keeps them (internal/painter/font.go, CachedFontFace
// keys the faces by scope and never frees them), and
// cache.ResetThemeCaches for every widget it walks, which empties the
// text-size cache, so the frame after it measured and shaped every text
// of the window again. Any Refresh of a container above an override
// reaches it: the inspector's scroll, refreshed on every Tab, cost 20-30
// ms of CPU per key in the real window, and the process grew by the
// fonts of each new scope (issue 14, TestEditsLeaveTheThemeScopesAlone).
// Here a Refresh refreshes the content only; apply themes it, on purpose.
type themeScope struct {
	widget.BaseWidget
	// root holds the content as a widget (the override's Content).
	root *holder
	over *container.ThemeOverride
	// applied are the theme values the scope's applies gave its widgets:
	// each apply is a new value for Fyne, and a form themed by an earlier
	// one and shown again is the scope's too (covered).
	applied []fyne.Theme
}

func newThemeScope(o fyne.CanvasObject, th fyne.Theme) *themeScope {
	root := newHolder(o)
	s := &themeScope{root: root, over: container.NewThemeOverride(root, th)}
	s.ExtendBaseWidget(s)
	// The override applies its theme again when its renderer is made:
	// made now, that value is recorded too.
	s.over.MinSize()
	s.applied = append(s.applied, theme.CurrentForWidget(root))
	return s
}

// apply themes the objects the content holds now (those added since the
// last apply are drawn in the app's theme until then), and refreshes it.
func (s *themeScope) apply() {
	s.over.Refresh()
	s.applied = append(s.applied, theme.CurrentForWidget(s.root))
}

// covered reports whether every widget of the content is in the scope's
// theme (none was added since it was last applied). It looks into containers
// and at widgets, not inside widgets: a widget the scope themed themes
// its own parts, and one that builds new parts later is not among the
// inspector's. A walk of the inspector's form is a few microseconds; an
// apply costs the next frame every text of the window.
func (s *themeScope) covered() bool {
	// Only the scope's own theme values are compared (pointers): a widget
	// in another theme differs by its type.
	return walkWidgets(s.root.obj, func(w fyne.Widget) bool { return s.themes(theme.CurrentForWidget(w)) })
}

// walkWidgets calls visit for each widget in o: o itself, those in its
// containers, hidden ones too, and the object a holder holds, but not the
// parts inside a widget. It stops, returning false, at the first visit
// that returns false. themeScope.covered and inspector.touchKept walk the
// same way.
func walkWidgets(o fyne.CanvasObject, visit func(fyne.Widget) bool) bool {
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			if !walkWidgets(child, visit) {
				return false
			}
		}
	case fyne.Widget:
		if !visit(c) {
			return false
		}
		if h, ok := c.(*holder); ok {
			return walkWidgets(h.obj, visit)
		}
	}
	return true
}

// themes reports whether th is a theme value one of the scope's applies
// gave its widgets.
func (s *themeScope) themes(th fyne.Theme) bool { return slices.Contains(s.applied, th) }

func (s *themeScope) CreateRenderer() fyne.WidgetRenderer {
	return &holderRenderer{obj: s.over, refresh: s.root.obj.Refresh}
}

// holder is a widget of one object, laid out at its size.
type holder struct {
	widget.BaseWidget
	obj fyne.CanvasObject
}

func newHolder(o fyne.CanvasObject) *holder {
	h := &holder{obj: o}
	h.ExtendBaseWidget(h)
	return h
}

func (h *holder) CreateRenderer() fyne.WidgetRenderer {
	return &holderRenderer{obj: h.obj, refresh: h.obj.Refresh}
}

type holderRenderer struct {
	obj     fyne.CanvasObject
	refresh func()
}

func (r *holderRenderer) Layout(size fyne.Size) {
	// Move only when needed: a Container's Move marks the window dirty
	// even at the same position (steadybox.go).
	if r.obj.Position() != (fyne.Position{}) {
		r.obj.Move(fyne.Position{})
	}
	r.obj.Resize(size)
}

func (r *holderRenderer) MinSize() fyne.Size           { return r.obj.MinSize() }
func (r *holderRenderer) Refresh()                     { r.refresh() }
func (r *holderRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.obj} }
func (r *holderRenderer) Destroy()                     {}
