package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAgreementHandComputed checks `margin agreement --json` on a case
// computed by hand (see the comments) after merging two colleagues' files.
func TestAgreementHandComputed(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "a.txt")
	// Tokens: Putin agreed to an energy ceasefire with Kyiv .
	os.WriteFile(article, []byte("Putin agreed to an energy ceasefire with Kyiv."), 0o644)
	ana, ben := filepath.Join(dir, "ana.margin"), filepath.Join(dir, "ben.margin")
	for _, p := range []string{ana, ben} {
		mustRun(t, "init", p)
		mustRun(t, "import", p, article)
	}
	annotate := func(p, who, label, s, e string) {
		mustRun(t, "annotate", p, "--annotator", who, "--doc", "1", "--label", label, "--start", s, "--end", e)
	}
	annotate(ana, "ana", "ACTOR", "0", "5")            // Putin
	annotate(ana, "ana", "CEASEFIRE_TERM", "19", "35") // energy ceasefire
	annotate(ana, "ana", "ACTOR", "41", "45")          // Kyiv
	annotate(ben, "ben", "ACTOR", "0", "5")            // Putin
	annotate(ben, "ben", "CEASEFIRE_TERM", "19", "25") // energy
	mustRun(t, "merge", ana, ben, "--annotator", "ana")

	var got struct {
		Annotators []string `json:"annotators"`
		Documents  int      `json:"documents"`
		Spans      struct {
			Overall struct {
				F1Exact    struct{ Mean, SD *float64 } `json:"f1_exact"`
				F1Overlap  struct{ Mean, SD *float64 } `json:"f1_overlap"`
				KappaToken *float64                    `json:"kappa_token"`
				AlphaU     *float64                    `json:"alpha_u"`
			} `json:"overall"`
			ByLabel map[string]struct {
				F1Exact   struct{ Mean *float64 } `json:"f1_exact"`
				F1Overlap struct{ Mean *float64 } `json:"f1_overlap"`
			} `json:"by_label"`
			Pairs []struct {
				A, B    string
				F1Exact *float64 `json:"f1_exact"`
			} `json:"pairs"`
		} `json:"spans"`
		DocLabels map[string]any `json:"doc_labels"`
	}
	out := mustRun(t, "agreement", ana, "--json")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	near := func(name string, v *float64, want float64) {
		t.Helper()
		if v == nil || math.Abs(*v-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, v, want)
		}
	}
	if strings.Join(got.Annotators, ",") != "ana,ben" || got.Documents != 1 {
		t.Fatalf("annotators %v documents %d", got.Annotators, got.Documents)
	}
	// Exact: only ACTOR Putin matches; |A| = 3, |B| = 2: F1 = 2·1/5.
	near("f1 exact", got.Spans.Overall.F1Exact.Mean, 0.4)
	near("f1 exact sd (one pair)", got.Spans.Overall.F1Exact.SD, 0)
	// Overlap: Putin and the ceasefire term match: 2·2/5.
	near("f1 overlap", got.Spans.Overall.F1Overlap.Mean, 0.8)
	// Per label: ACTOR 2·1/(2+1); CEASEFIRE_TERM exact 0, overlap 1.
	near("ACTOR f1", got.Spans.ByLabel["ACTOR"].F1Exact.Mean, 2.0/3)
	near("CEASEFIRE_TERM f1 exact", got.Spans.ByLabel["CEASEFIRE_TERM"].F1Exact.Mean, 0)
	near("CEASEFIRE_TERM f1 overlap", got.Spans.ByLabel["CEASEFIRE_TERM"].F1Overlap.Mean, 1)
	// Tokens (9): ana A O O O C C O A O, ben A O O O C O O O O.
	// Po = 7/9, Pe = (2·1 + 2·1 + 5·7)/81 = 39/81: kappa = (63-39)/(81-39) = 4/7.
	near("token kappa", got.Spans.Overall.KappaToken, 4.0/7)
	if got.Spans.Overall.AlphaU == nil {
		t.Error("alpha_u missing")
	}
	if len(got.Spans.Pairs) != 1 || got.Spans.Pairs[0].A != "ana" {
		t.Errorf("pairs %+v", got.Spans.Pairs)
	}
	table := mustRun(t, "agreement", ana)
	if !strings.Contains(table, "0.400 ± 0.000") || !strings.Contains(table, "ana / ben") {
		t.Errorf("table:\n%s", table)
	}
	if _, err := run(t, "agreement", ana, "--annotators", "ana"); err == nil {
		t.Error("one annotator accepted")
	}
}
