package jsonl

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// FuzzRead: Read never panics; an error names the file; what it accepts is
// sound (valid non-empty text without NUL, every annotation inside the text
// with its covered text, an annotator everywhere) and survives a
// write/read round trip unchanged.
// Run: go test ./formats/jsonl -run '^$' -fuzz FuzzRead -fuzztime 1m
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		`{"text": "one"}` + "\n" + `{"text": "two"}`,
		`{"text": "Putin agreed 👍🏽.", "name": "a", "annotations": [{"label": "ACTOR", "fragments": [{"start": 0, "end": 5}], "text": "Putin"}]}`,
		`{"text": "short", "annotations": [{"label": "ACTOR", "fragments": [{"start": 0, "end": 50}]}]}`,
		`{"text": "abcdefgh", "annotations": [{"label": "L", "fragments": [{"start": 4, "end": 6}, {"start": 0, "end": 2}], "attributes": {"k": 1.5}}]}`,
		`{"text": "abcdefgh", "annotations": [{"label": "L", "fragments": [{"start": 0, "end": 5}, {"start": 3, "end": 6}]}]}`,
		"\xef\xbb\xbf" + `{"text": "bom"}`,
		`{"text": "x", "labels": []}`,
		`{"text": "thr`,
		`{"text": "a\u0000b"}`,
		`{"text": "t", "relations": [{"type": "claimed_by", "from": "a", "to": "b"}], "doc_labels": [{"set": "s", "value": "v"}]}`,
		"\n\n" + `{"text": "x", "sha256": "00"}` + "\n",
		`{"text": "x"} {"text": "y"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // long inputs add no new paths and make minimizing crawl
		}
		docs, err := Read(bytes.NewReader(data), "f.jsonl", "ana")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.jsonl") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		w := NewWriter(&buf)
		for i, d := range docs {
			text := d.Doc.Text
			if !utf8.ValidString(text) || strings.TrimSpace(text) == "" || strings.ContainsRune(text, 0) {
				t.Fatalf("doc %d: accepted text %q", i, text)
			}
			ix := model.NewTextIndex(text)
			for _, a := range d.Annotations {
				if a.Annotator == "" {
					t.Fatalf("doc %d: annotation without annotator", i)
				}
				if err := model.ValidateFragments(a.Fragments, ix.Len()); err != nil {
					t.Fatalf("doc %d: accepted %v", i, err)
				}
				if a.Text != model.CoveredText(ix, a.Fragments) {
					t.Fatalf("doc %d: covered text %q", i, a.Text)
				}
			}
			doc := &model.Document{Name: d.Doc.Name, Text: text, SHA256: model.TextSHA256(text), Meta: d.Doc.Meta}
			if err := w.Write(formats.Layered{Doc: doc, Annotations: d.Annotations, Relations: d.Relations, DocLabels: d.DocLabels}); err != nil {
				// Meta that is valid in the input always re-encodes.
				t.Fatalf("doc %d: write: %v", i, err)
			}
		}
		again, err := Read(&buf, "again.jsonl", "ana")
		if err != nil {
			t.Fatalf("re-reading what was written: %v\n%s", err, buf.Bytes())
		}
		if len(again) != len(docs) {
			t.Fatalf("round trip: %d docs, want %d", len(again), len(docs))
		}
		for i := range docs {
			a, b := docs[i], again[i]
			if a.Doc.Text != b.Doc.Text || a.Doc.Name != b.Doc.Name || len(a.Annotations) != len(b.Annotations) ||
				len(a.Relations) != len(b.Relations) || len(a.DocLabels) != len(b.DocLabels) {
				t.Fatalf("round trip of doc %d differs:\n%+v\n%+v", i, a, b)
			}
			for j := range a.Annotations {
				x, y := a.Annotations[j], b.Annotations[j]
				if x.Label != y.Label || x.Text != y.Text || x.Annotator != y.Annotator || x.Note != y.Note || len(x.Fragments) != len(y.Fragments) {
					t.Fatalf("round trip of annotation %d.%d differs:\n%+v\n%+v", i, j, x, y)
				}
			}
		}
	})
}
