package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// spanSet reads a project's spans as "LABEL|covered text" (code-point
// offsets can legitimately change where a format rebuilds the text, as
// CoNLL does; the label and the covered words may not).
func spanSet(t *testing.T, project string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(mustRun(t, "export", project, "--format", "jsonl", "--all")), "\n") {
		var rec struct {
			Annotations []struct{ Label, Text string } `json:"annotations"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		for _, a := range rec.Annotations {
			// CoNLL rebuilds the text with a space between tokens
			// ("停火" comes back as "停 火"), so spaces do not count.
			out = append(out, a.Label+"|"+strings.Join(strings.Fields(a.Text), ""))
		}
	}
	sort.Strings(out)
	return out
}

// TestConversionBetweenFormats converts a project through every pair of
// formats that both import and export: every span the target can express
// survives, and when spans are lost the export said so on stderr.
func TestConversionBetweenFormats(t *testing.T) {
	t.Setenv("MARGIN_ANNOTATOR", "ana")
	dir := t.TempDir()
	text := "Zelensky said “the 🇺🇦 front holds” near Kyiv.\r\nПутин 停火 proposal 👍🏽 was rejected by Kyiv."
	src := filepath.Join(dir, "src.jsonl")
	// Offsets in code points: Zelensky 0-8, Kyiv 40-44, Путин 47-52,
	// 停火 53-55, "停火 proposal" 53-64, Kyiv (second) 84-88.
	os.WriteFile(src, []byte(`{"name":"talks","text":`+jsonString(text)+`,"annotations":[`+
		`{"label":"ACTOR","fragments":[{"start":0,"end":8}]},`+
		`{"label":"ACTOR","fragments":[{"start":40,"end":44}]},`+
		`{"label":"ACTOR","fragments":[{"start":47,"end":52}]},`+
		`{"label":"CEASEFIRE_TERM","fragments":[{"start":53,"end":64}]},`+
		`{"label":"PRECONDITION","fragments":[{"start":53,"end":55}]},`+
		`{"label":"ACTOR","fragments":[{"start":84,"end":88}]}]}`+"\n"), 0o644)
	p0 := filepath.Join(dir, "p0.margin")
	mustRun(t, "init", p0)
	mustRun(t, "import", p0, "--format", "jsonl", src)
	want := spanSet(t, p0)
	if len(want) != 6 {
		t.Fatalf("source has %d spans: %v", len(want), want)
	}
	formats := []string{"jsonl", "brat", "doccano", "spacy", "labelstudio", "webanno", "conll"}
	// convert exports p in format f, imports that into a new project and
	// checks that every span of the new project was in p, and that spans
	// were lost only where f cannot express them, with a report.
	step := 0
	convert := func(p string, before []string, f string) (string, []string) {
		step++
		out := filepath.Join(dir, fmt.Sprintf("out%d.%s", step, f))
		report := mustRun(t, "export", p, "--format", f, "--all", "-o", out)
		next := filepath.Join(dir, fmt.Sprintf("p%d.margin", step))
		mustRun(t, "init", next)
		mustRun(t, "import", next, "--format", f, out)
		got := spanSet(t, next)
		have := map[string]int{}
		for _, s := range before {
			have[s]++
		}
		for _, s := range got {
			if have[s] == 0 {
				t.Errorf("via %s: span %q appeared from nowhere", f, s)
			}
			have[s]--
		}
		if len(got) < len(before) {
			// Only CoNLL (one tag per token) cannot hold the nested span,
			// and it must say so.
			if f != "conll" {
				t.Errorf("via %s: %d of %d spans survived: %v", f, len(got), len(before), got)
			} else if !strings.Contains(report, "export conll") {
				t.Errorf("via %s: spans lost without a report", f)
			}
		}
		return next, got
	}
	for _, a := range formats {
		for _, b := range formats {
			p1, s1 := convert(p0, want, a)
			convert(p1, s1, b)
		}
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
