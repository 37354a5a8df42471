package schemaedit

import (
	"reflect"
	"testing"

	"github.com/margin-app/margin/model"
)

func parentsOf(e *Edit) map[string]string {
	out := map[string]string{}
	for _, l := range e.Result().Labels {
		out[l.Name] = l.Parent
	}
	return out
}

// TestSchemaEditKeepsCodeHierarchy: a label's Parent (a QDA code tree)
// follows its parent's rename, moves to the label a parent is merged
// into, and is cleared when the parent is removed; Patterns are copied,
// not shared with the schema being edited.
func TestSchemaEditKeepsCodeHierarchy(t *testing.T) {
	cur := &model.Schema{Labels: []model.Label{
		{Name: "CONFLICT", Color: "#111111"},
		{Name: "ATTACK", Color: "#222222", Parent: "CONFLICT", Patterns: []string{`\bstrikes?\b`}},
		{Name: "TALKS", Color: "#333333"},
		{Name: "MEETING", Color: "#444444", Parent: "TALKS"},
		{Name: "ORPHAN", Color: "#555555", Parent: "GONE"},
	}}
	e := New(cur)
	e.RenameLabel(e.IndexOfName("CONFLICT"), "VIOLENCE")
	want := map[string]string{"VIOLENCE": "", "ATTACK": "VIOLENCE", "TALKS": "", "MEETING": "TALKS", "ORPHAN": "GONE"}
	if got := parentsOf(e); !reflect.DeepEqual(got, want) {
		t.Fatalf("after a rename: %v, want %v", got, want)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	e.MergeLabel(e.IndexOfName("TALKS"), e.IndexOfName("VIOLENCE"))
	if got := parentsOf(e)["MEETING"]; got != "VIOLENCE" {
		t.Errorf("child of a merged label sits under %q, want VIOLENCE", got)
	}
	e.RemoveLabel(e.IndexOfName("VIOLENCE"))
	if got := parentsOf(e); got["ATTACK"] != "" || got["MEETING"] != "" {
		t.Errorf("children of a removed label: %v", got)
	}
	// A child merged into from its parent takes the parent's place.
	e = New(cur)
	e.MergeLabel(e.IndexOfName("CONFLICT"), e.IndexOfName("ATTACK"))
	if got := parentsOf(e)["ATTACK"]; got != "" {
		t.Errorf("a label merged into its own child left it under %q", got)
	}
	out := e.Result()
	out.Labels[e.IndexOfName("ATTACK")].Patterns[0] = "changed"
	if cur.Labels[1].Patterns[0] != `\bstrikes?\b` {
		t.Error("the result shares Patterns with the schema being edited")
	}
}
