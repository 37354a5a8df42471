package agreement

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestComputeAndFormat(t *testing.T) {
	texts := map[string]string{
		"d1": "Alice met Bob in Paris.",
		"d2": "Nobody here.",
		"d3": "Only ann read this one about Rome.",
	}
	spans := []Span{
		sp("d1", "ann", "PER", 0, 5), sp("d1", "ann", "PER", 10, 13), sp("d1", "ann", "LOC", 17, 22),
		sp("d1", "bob", "PER", 0, 5), sp("d1", "bob", "LOC", 17, 22),
		sp("d3", "ann", "LOC", 28, 32),
	}
	rep, err := Compute(spans, ReportOptions{
		Texts:     texts,
		Docs:      map[string][]string{"d2": {"ann", "bob"}},
		DocLabels: map[string]map[string]string{"d1": {"ann": "news", "bob": "news"}, "d2": {"ann": "other", "bob": "news"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.SpanF1Exact == nil || rep.SpanF1Overlap == nil || rep.TokenKappa == nil || rep.Unitizing == nil || rep.DocLabels == nil {
		t.Fatalf("missing sections: %+v", rep)
	}
	// d3 was not worked on by bob, so it is out of token kappa and α_u.
	if rep.TokenKappa.Documents != 2 || len(rep.Unitizing.Documents) != 2 {
		t.Errorf("documents used: token %d, α_u %v", rep.TokenKappa.Documents, rep.Unitizing.Documents)
	}
	if want := len([]rune(texts["d1"])) + len([]rune(texts["d2"])); rep.Unitizing.ContinuumLength != want {
		t.Errorf("continuum = %d, want %d", rep.Unitizing.ContinuumLength, want)
	}
	// F1 over d1 and d2 (d3 is ann's only): 2·2/(3+2).
	nearPtr(t, "F1", rep.SpanF1Exact.Mean, 0.8, 1e-12)

	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err) // would fail on NaN or Inf
	}
	for _, key := range []string{`"span_f1_exact"`, `"count_a"`, `"token_kappa"`, `"unitizing_alpha"`, `"observed_disagreement"`, `"document_labels"`, `"sd"`} {
		if !strings.Contains(string(js), key) {
			t.Errorf("JSON lacks %s: %s", key, js)
		}
	}

	table := FormatTable(rep)
	for _, want := range []string{"Span F1", "0.800 ± 0.000", "Token kappa", "Fleiss κ", "Unitizing alpha", "overall", "Document labels", "ann", "bob"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	t.Log("\n" + table)
}

func TestComputeEdges(t *testing.T) {
	if _, err := Compute([]Span{sp("d", "a", "X", 0, 1)}, ReportOptions{}); !errors.Is(err, ErrTooFewAnnotators) {
		t.Errorf("one annotator: %v", err)
	}
	// An annotator who only appears in Docs still forms a pair; nothing
	// was annotated by both, so F1 is 0 and everything marshals.
	rep, err := Compute([]Span{sp("d", "a", "X", 0, 1)}, ReportOptions{Docs: map[string][]string{"d": {"b"}}})
	if err != nil {
		t.Fatal(err)
	}
	nearPtr(t, "F1", rep.SpanF1Exact.Mean, 0, 0)
	if len(rep.Notes) == 0 {
		t.Error("expected a note about missing texts")
	}
	// Undefined everywhere: both annotators worked on d, neither annotated.
	rep, err = Compute(nil, ReportOptions{Docs: map[string][]string{"d": {"a", "b"}}, Texts: map[string]string{"d": "plain text"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.SpanF1Exact.Mean != nil || rep.TokenKappa.Fleiss != nil || rep.Unitizing.Overall.Alpha != nil {
		t.Errorf("expected undefined values: %+v", rep)
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Fatal(err)
	}
	if s := FormatTable(rep); !strings.Contains(s, "n/a") {
		t.Errorf("undefined values should print n/a:\n%s", s)
	}
}
