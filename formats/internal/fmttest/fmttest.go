// Package fmttest holds shared fixtures and comparisons for the format
// tests: one awkward sample document and "same annotations by content"
// checks used by every round trip.
package fmttest

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// Text has curly quotes, CJK, an emoji, a flag and a Windows line break,
// so any mix-up of code points, UTF-16 units and bytes shows.
const Text = "“Ceasefire” talks — 停火 😊 in Kyiv.\r\nPutin met Trump 🇺🇦 today."

// Find returns the code-point span of the n-th (0-based) occurrence of sub.
func Find(t testing.TB, text, sub string, n int) model.Fragment {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q not found in %q", sub, text)
		}
		if n == 0 {
			s := utf8.RuneCountInString(text[:from+i])
			return model.Fragment{Start: s, End: s + utf8.RuneCountInString(sub)}
		}
		n--
		from += i + len(sub)
	}
}

// Ann builds an annotation over the given substrings (a discontinuous one
// when several are given).
func Ann(t testing.TB, text, id, label string, subs ...string) model.Annotation {
	t.Helper()
	a := model.Annotation{ID: id, Annotator: "ana", Label: label}
	for _, s := range subs {
		a.Fragments = append(a.Fragments, Find(t, text, s, 0))
	}
	model.NormalizeFragments(a.Fragments)
	a.Text = model.CoveredText(model.NewTextIndex(text), a.Fragments)
	return a
}

// Sample is a document with attributes, a note, a discontinuous span, an
// overlap and a relation.
func Sample(t testing.TB) formats.Layered {
	t.Helper()
	doc := &model.Document{ID: 7, Name: "talks “day one”", Text: Text, SHA256: model.TextSHA256(Text)}
	putin := Ann(t, Text, "a1", "ACTOR", "Putin")
	putin.Attributes = map[string]any{"side": "Russia"}
	putin.Note = "head of state"
	trump := Ann(t, Text, "a2", "ACTOR", "Trump")
	cease := Ann(t, Text, "a3", "CEASEFIRE_TERM", "Ceasefire")
	cease.Attributes = map[string]any{"status": "proposed", "hedged": true}
	cjk := Ann(t, Text, "a4", "CEASEFIRE_TERM", "停火")
	emoji := Ann(t, Text, "a5", "EMOTION", "😊")
	disc := Ann(t, Text, "a6", "NEGOTIATION_EVENT", "talks", "Kyiv")
	overlap := Ann(t, Text, "a7", "MILITARY_ACTION", "Putin met Trump")
	return formats.Layered{
		Doc:         doc,
		Annotations: []model.Annotation{putin, trump, cease, cjk, emoji, disc, overlap},
		Relations:   []model.Relation{{ID: "r1", Annotator: "ana", Type: "claimed_by", From: "a3", To: "a1"}},
	}
}

// Drop says which parts of an annotation a format cannot carry, so a round
// trip compares only what it can.
type Drop struct {
	Attributes, Note bool
}

// Key renders an annotation's content: label, fragments, covered text,
// attributes (sorted, typed) and note.
func Key(a model.Annotation, d Drop) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %v %q", a.Label, a.Fragments, a.Text)
	if !d.Attributes {
		for _, k := range formats.AttrKeys(a.Attributes) {
			fmt.Fprintf(&b, " %s=%#v", k, a.Attributes[k])
		}
	}
	if !d.Note {
		fmt.Fprintf(&b, " note=%q", a.Note)
	}
	return b.String()
}

// Keys renders and sorts the keys of as.
func Keys(as []model.Annotation, d Drop) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = Key(a, d)
	}
	sort.Strings(out)
	return out
}

// SameAnnotations fails unless want and got hold the same annotations by
// content.
func SameAnnotations(t testing.TB, want, got []model.Annotation, d Drop) {
	t.Helper()
	w, g := Keys(want, d), Keys(got, d)
	if strings.Join(w, "\n") != strings.Join(g, "\n") {
		t.Fatalf("annotations differ\nwant:\n  %s\ngot:\n  %s", strings.Join(w, "\n  "), strings.Join(g, "\n  "))
	}
}

// RelationKeys renders relations by type and the content of their ends.
func RelationKeys(as []model.Annotation, rs []model.Relation) []string {
	byID := map[string]model.Annotation{}
	for _, a := range as {
		byID[a.ID] = a
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		f, ok1 := byID[r.From]
		to, ok2 := byID[r.To]
		out[i] = fmt.Sprintf("%s(%s -> %s) %v %v", r.Type, Key(f, Drop{true, true}), Key(to, Drop{true, true}), ok1, ok2)
	}
	sort.Strings(out)
	return out
}

// SameRelations fails unless the relations connect the same content.
func SameRelations(t testing.TB, wantA []model.Annotation, want []model.Relation, gotA []model.Annotation, got []model.Relation) {
	t.Helper()
	w, g := RelationKeys(wantA, want), RelationKeys(gotA, got)
	if strings.Join(w, "\n") != strings.Join(g, "\n") {
		t.Fatalf("relations differ\nwant:\n  %s\ngot:\n  %s", strings.Join(w, "\n  "), strings.Join(g, "\n  "))
	}
}

// Without returns as minus the annotations with the given ids.
func Without(as []model.Annotation, ids ...string) []model.Annotation {
	skip := map[string]bool{}
	for _, id := range ids {
		skip[id] = true
	}
	var out []model.Annotation
	for _, a := range as {
		if !skip[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

// ValidateAll checks every imported annotation against its document, as the
// store will.
func ValidateAll(t testing.TB, imp *formats.Imported) {
	t.Helper()
	for _, d := range imp.Docs {
		ix := model.NewTextIndex(d.Doc.Text)
		ids := map[string]bool{}
		for i := range d.Annotations {
			a := d.Annotations[i]
			if err := a.Validate(ix); err != nil {
				t.Fatalf("doc %s: %v", d.Doc.Name, err)
			}
			ids[a.ID] = true
		}
		for _, r := range d.Relations {
			if !ids[r.From] || !ids[r.To] {
				t.Fatalf("doc %s: relation %+v has a dangling end", d.Doc.Name, r)
			}
		}
	}
}

// Export runs a format's exporter over ds and returns what it wrote and
// its report.
func Export(t testing.TB, newExporter func(io.Writer, string, formats.ExportOptions) (formats.Exporter, error), opts formats.ExportOptions, ds ...formats.Layered) ([]byte, []string) {
	t.Helper()
	var buf bytes.Buffer
	ex, err := newExporter(&buf, "", opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if err := ex.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), ex.Report()
}
