package storecore

import (
	"fmt"
	"strings"

	"github.com/margin-app/margin/model"
)

// SuggestionKey identifies a proposal by what it proposes (a document
// label's set and value, or a label and its fragments): a proposal a
// layer already has, or one accepted before, is not stored again.
func SuggestionKey(set, label string, frags []model.Fragment) string {
	var b strings.Builder
	b.WriteString(set)
	b.WriteByte(0)
	b.WriteString(label)
	for _, f := range frags {
		fmt.Fprintf(&b, "\x00%d-%d", f.Start, f.End)
	}
	return b.String()
}

// RejectKey identifies what a reject keeps from coming back in its
// document: the same label on the same text, wherever it is.
func RejectKey(set, label, text string) string { return "r\x00" + set + "\x00" + label + "\x00" + text }
