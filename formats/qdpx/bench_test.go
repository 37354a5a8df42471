package qdpx_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/formats/qdpx"
	"github.com/margin-app/margin/model"
)

// benchDocs is 1,000 articles of about 7,000 code points with 100 spans
// each, in two layers: 100,000 codings.
func benchDocs(b *testing.B) []formats.Layered {
	b.Helper()
	para := "“Ceasefire” talks — 停火 in Kyiv 👍🏽, Putin met Trump.\r\n"
	base := strings.Repeat(para, 130)
	words := model.NewTextIndex(base).Len()
	docs := make([]formats.Layered, 1000)
	for i := range docs {
		text := fmt.Sprintf("Article %d.\n", i) + base
		d := formats.Layered{Doc: &model.Document{ID: int64(i + 1), Name: fmt.Sprintf("article %d", i), Text: text, SHA256: model.TextSHA256(text)}}
		for k := 0; k < 100; k++ {
			start := 12 + (k*words/100)%(words-20)
			a := model.Annotation{ID: fmt.Sprintf("a%d-%d", i, k), Annotator: []string{"ana", "bob"}[k%2], Label: []string{"ACTOR", "CLAIM", "EVENT"}[k%3],
				Fragments: []model.Fragment{{Start: start, End: start + 5}}, Note: "n"}
			d.Annotations = append(d.Annotations, a)
		}
		docs[i] = d
	}
	return docs
}

func BenchmarkExport100kCodings(b *testing.B) {
	docs := benchDocs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, _ := fmttest.Export(b, qdpx.NewExporter, formats.ExportOptions{Schema: &model.Schema{}}, docs...)
		b.SetBytes(int64(len(out)))
	}
}

func BenchmarkImport100kCodings(b *testing.B) {
	out, _ := fmttest.Export(b, qdpx.NewExporter, formats.ExportOptions{Schema: &model.Schema{}}, benchDocs(b)...)
	p := filepath.Join(b.TempDir(), "bench.qdpx")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if _, err := qdpx.Stream(p, formats.ImportOptions{}, func(d model.DocumentImport) error {
			n += len(d.Annotations)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != 100000 {
			b.Fatalf("%d codings", n)
		}
	}
}
