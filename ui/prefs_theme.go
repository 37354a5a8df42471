package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

const (
	variantDark  = theme.VariantDark
	variantLight = theme.VariantLight
)

// variantTheme is Fyne's default theme, forced to the light or dark
// variant (or following the system when system is set).
type variantTheme struct {
	variant fyne.ThemeVariant
	system  bool
}

func (t *variantTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if !t.system {
		v = t.variant
	}
	return theme.DefaultTheme().Color(n, v)
}

func (t *variantTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t *variantTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (t *variantTheme) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }

// articleTheme is the app's theme with the article's text size: the
// article view takes its font size from its theme (a theme override).
type articleTheme struct{ size float32 }

func appTheme() fyne.Theme {
	if a := fyne.CurrentApp(); a != nil && a.Settings().Theme() != nil {
		return a.Settings().Theme()
	}
	return theme.DefaultTheme()
}

func (t *articleTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return appTheme().Color(n, v)
}
func (t *articleTheme) Font(s fyne.TextStyle) fyne.Resource     { return appTheme().Font(s) }
func (t *articleTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return appTheme().Icon(n) }
func (t *articleTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return t.size
	}
	return appTheme().Size(n)
}

// compactTheme is the app's theme with half the padding: the right-hand
// panes' rows (labels, annotations, the inspector's form) take about 30 px
// instead of 40, so a whole default schema shows in the Labels panel and
// more annotations and more of the form below it.
type compactTheme struct{}

func (compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return appTheme().Color(n, v)
}
func (compactTheme) Font(s fyne.TextStyle) fyne.Resource     { return appTheme().Font(s) }
func (compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return appTheme().Icon(n) }
func (compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNamePadding, theme.SizeNameInnerPadding:
		return appTheme().Size(n) / 2
	}
	return appTheme().Size(n)
}

// compactPanes draws the right-hand panes with compactTheme.
func compactPanes(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, compactTheme{})
}
