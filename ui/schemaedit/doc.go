// Package schemaedit is the schema editor's edit model, without widgets:
// a working copy of a label schema (labels, attributes, relation types,
// document label sets), the renames and merges a save must carry to the
// annotations, and validation after every change. The window's dialog
// (ui/schemaeditor*.go) is a thin view over an Edit; everything a user
// can do there is a method here, tested without Fyne.
package schemaedit
