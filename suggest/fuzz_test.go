package suggest

import (
	"strings"
	"testing"
)

// Every parser of outside input has fuzz seeds: the gazetteer file, the
// CAS XMI a recommender server returns, a chat model's answer. They must
// return an error or a result, never panic, and what they return must fit.

func FuzzReadGazetteer(f *testing.F) {
	f.Add("Kyiv\tLOC\n# comment\n\nNew York\tLOC\r\n")
	f.Add("bad line\n")
	f.Add("\t\t\n")
	f.Fuzz(func(t *testing.T, data string) {
		g, err := ReadGazetteer(strings.NewReader(data), "g.tsv")
		if err != nil {
			return
		}
		for _, e := range g.Entries() {
			if strings.TrimSpace(e.Phrase) == "" || strings.TrimSpace(e.Label) == "" {
				t.Fatalf("empty entry %+v", e)
			}
		}
		g.tags([]string{"New", "York", "Kyiv"})
	})
}

func FuzzReadPredictedXMI(f *testing.F) {
	f.Add(`<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:t="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore"><t:NamedEntity begin="0" end="4" value="LOC" value_score="0.5" inception_internal_predicted="true"/></xmi:XMI>`)
	f.Add(`<xmi:XMI><broken`)
	f.Add(``)
	f.Fuzz(func(t *testing.T, data string) {
		preds, err := readPredictedXMI(data, defaultLayer, "value")
		if err != nil {
			return
		}
		for _, p := range preds {
			if p.label == "" {
				t.Fatalf("prediction without a label: %+v", p)
			}
		}
	})
}

func FuzzParseSpans(f *testing.F) {
	f.Add("```json\n{\"spans\": [{\"text\": \"Kyiv\", \"label\": \"LOC\"}]}\n```")
	f.Add("[{\"text\": \"a\", \"label\": \"B\", \"score\": 2}]")
	f.Add("}{")
	f.Add(`{"spans": [{}]}`) // an empty text must not loop forever in occurrences
	f.Fuzz(func(t *testing.T, answer string) {
		spans, err := parseSpans(answer)
		if err != nil {
			return
		}
		for _, s := range spans {
			for _, at := range occurrences("Kyiv and Kyiv", s.Text) {
				if !strings.HasPrefix("Kyiv and Kyiv"[at:], s.Text) {
					t.Fatalf("occurrence %d of %q is not there", at, s.Text)
				}
			}
		}
	})
}
