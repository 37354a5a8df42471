package ui

import (
	"net/url"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/internal/version"
)

// Website is the project's home page (FyneApp.toml's Website).
const Website = "https://github.com/margin-app/margin"

// aboutButton is the toolbar's ⓘ button: it opens the About dialog.
func aboutButton(win fyne.Window) *widget.Button {
	return widget.NewButtonWithIcon("", theme.InfoIcon(), func() { ShowAbout(win) })
}

// AboutMenuItem opens the About dialog from a menu (an overflow menu).
func AboutMenuItem(win fyne.Window) *fyne.MenuItem {
	return fyne.NewMenuItem("About Margin", func() { ShowAbout(win) })
}

// ShowAbout shows Margin's icon, version (internal/version: git describe
// in a Makefile build, "dev" otherwise) and home page.
func ShowAbout(win fyne.Window) {
	showDialog(newAboutDialog(win), win)
}

func newAboutDialog(win fyne.Window) dialog.Dialog {
	icon := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(96, 96))
	name := widget.NewLabelWithStyle("Margin", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	ver := widget.NewLabelWithStyle("Version "+version.String(), fyne.TextAlignCenter, fyne.TextStyle{})
	what := widget.NewLabelWithStyle("A research annotator for news articles:\nhighlight spans, label claims, export datasets,\ncompare and adjudicate colleagues' work.", fyne.TextAlignCenter, fyne.TextStyle{})
	built := widget.NewLabelWithStyle("Built with "+runtime.Version()+" for "+runtime.GOOS+"/"+runtime.GOARCH, fyne.TextAlignCenter, fyne.TextStyle{})
	built.Importance = widget.LowImportance
	content := container.NewVBox(container.NewCenter(icon), name, ver, what, built)
	if u, err := url.Parse(Website); err == nil {
		content.Add(container.NewCenter(newKeyHyperlink(Website, u)))
	}
	return dialog.NewCustom("About Margin", "Close", content, win)
}
