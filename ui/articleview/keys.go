package articleview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// AcceptsTab keeps Tab and Shift+Tab in the view (next/previous
// annotation) instead of moving the focus to another widget.
func (v *View) AcceptsTab() bool { return true }

// KeyDown implements desktop.Keyable: it tracks Shift and Alt, which a
// fyne.KeyEvent does not carry, so OnKey handlers can tell Shift+Tab from
// Tab and Shift+arrow from arrow.
func (v *View) KeyDown(ev *fyne.KeyEvent) { v.mods |= modifierOf(ev.Name) }

// KeyUp implements desktop.Keyable.
func (v *View) KeyUp(ev *fyne.KeyEvent) { v.mods &^= modifierOf(ev.Name) }

// FocusLost forgets held modifiers: their key-up may go elsewhere.
func (v *View) forgetModifiers() { v.mods = 0 }

// ForgetModifiers forgets the modifiers held: the window calls it when a
// shortcut of its own runs, since the dialog it may open takes their
// key-ups (the view keeps its focus under a dialog and never hears them).
func (v *View) ForgetModifiers() { v.forgetModifiers() }

// Modifiers returns the modifier keys held while the view has focus.
func (v *View) Modifiers() fyne.KeyModifier { return v.mods }

func modifierOf(k fyne.KeyName) fyne.KeyModifier {
	switch k {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		return fyne.KeyModifierShift
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		return fyne.KeyModifierAlt
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		return fyne.KeyModifierControl
	case desktop.KeySuperLeft, desktop.KeySuperRight:
		return fyne.KeyModifierSuper
	}
	return 0
}
