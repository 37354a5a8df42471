package qdpx_test

import (
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/formats/qdpx"
)

// FuzzImport: a project.qde and its text never panic the reader; an error
// names the archive; what it accepts is sound (every annotation inside its
// text with its covered text) and survives an export and a re-import with
// the same annotations.
// Run: go test ./formats/qdpx -run '^$' -fuzz FuzzImport -fuzztime 1m
func FuzzImport(f *testing.F) {
	f.Add(atlasQDE, atlasText)
	f.Add(qualcoderQDE, "\ufeffLes réfugiés 🙂 arrivent.")
	f.Add(strings.NewReplacer("START1", "23", "END1", "27", "START2", "36", "END2", "107").Replace(crlfQDE), "Line one.\r\nLine two has Coke.\r\nThird: diet Coke here, with a longer quotation that ATLAS.ti cuts in its name.")
	f.Add(`<Project name="x"><Sources><TextSource guid="x" name="n"><PlainTextContent>abc</PlainTextContent><PlainTextSelection guid="s" startPosition="0" endPosition="2"/></TextSource></Sources></Project>`, "")
	f.Fuzz(func(t *testing.T, qde, text string) {
		if len(qde)+len(text) > 1<<16 {
			return
		}
		files := map[string]string{"project.qde": qde}
		for _, name := range []string{"B2F54555-0D2D-43B2-B40C-2A1C048F5F1C.txt", "a2b94468-80a5-412f-92d6-e900d97b55a6.txt"} {
			files["sources/"+name] = text
		}
		p := writeArchive(t, files)
		imp, err := qdpx.Import(p, formats.ImportOptions{})
		if err != nil {
			if !strings.Contains(err.Error(), p) {
				t.Fatalf("error does not name the archive: %v", err)
			}
			return
		}
		fmttest.ValidateAll(t, imp)
		var docs []formats.Layered
		for _, d := range imp.Docs {
			docs = append(docs, layered(d))
		}
		out, _ := export(t, nil, docs)
		again, err := qdpx.Import(out, formats.ImportOptions{})
		if err != nil {
			t.Fatalf("our export of an accepted project is refused: %v", err)
		}
		if len(again.Docs) != len(imp.Docs) {
			t.Fatalf("%d documents came back as %d", len(imp.Docs), len(again.Docs))
		}
		for i := range imp.Docs {
			same(t, "annotations", annKeys(again.Docs[i].Annotations), annKeys(imp.Docs[i].Annotations))
		}
	})
}
