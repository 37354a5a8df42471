package dataset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// perDocument hides storage's EachDocument, so Export takes the
// per-document path.
type perDocument struct{ Store }

// TestExportWalkMatchesPerDocumentReads: the one-pass read (EachDocument,
// annotations on two connections by chunks of documents; lean for doccano,
// EachDocumentLean) exports exactly what the per-document reads export,
// and reports the same losses, for every layer and for one, with
// relations, document labels, gold verdicts, documents without spans and
// annotations with attributes, a note or two fragments.
func TestExportWalkMatchesPerDocumentReads(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Create(ctx, filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var docs []model.DocumentImport
	for i := 0; i < 7; i++ {
		text := fmt.Sprintf("Doc %d: Kyiv “agreed” 👍🏽 to a ceasefire in Riyadh; talks on Tuesday.", i)
		d := model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("d", i), Text: text}}
		if i%3 != 2 { // every third document has no spans
			for j, who := range []string{"ana", "bo", model.GoldAnnotator} {
				for k := 0; k < 4; k++ {
					id := fmt.Sprintf("%s-%d-%d", who, i, k)
					d.Annotations = append(d.Annotations, model.Annotation{ID: id, Annotator: who, Label: "ACTOR",
						Fragments: []model.Fragment{{Start: 10 + 5*k - j, End: 14 + 5*k}}})
				}
				d.Relations = append(d.Relations, model.Relation{ID: fmt.Sprintf("r-%s-%d", who, i), Annotator: who, Type: "claimed_by",
					From: fmt.Sprintf("%s-%d-0", who, i), To: fmt.Sprintf("%s-%d-1", who, i)})
				d.DocLabels = append(d.DocLabels, model.DocLabel{Annotator: who, Set: "topic", Value: fmt.Sprint("v", i%2)})
				if i == 1 {
					d.Annotations = append(d.Annotations, model.Annotation{ID: fmt.Sprintf("%s-extra", who), Annotator: who, Label: "CLAIM",
						Fragments: []model.Fragment{{Start: 0, End: 3}, {Start: 40, End: 45}}, Attributes: map[string]any{"certainty": "hedged"}, Note: "two pieces"})
				}
			}
			d.Verdicts = []model.Verdict{{ID: fmt.Sprint("v", i), Verdict: model.VerdictAccept, GoldID: fmt.Sprintf("gold-%d-0", i),
				Sources: []model.SourceRef{{ID: fmt.Sprintf("ana-%d-0", i), Annotator: "ana"}}, Curator: "lead"}}
		}
		docs = append(docs, d)
	}
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for _, layer := range []string{"", "ana", model.GoldAnnotator} {
		for _, format := range []string{"jsonl", "doccano"} {
			if format == "jsonl" && layer == "ana" {
				continue
			}
			var walked, perDoc bytes.Buffer
			walkedReport, err := Export(ctx, db, format, layer, &walked, "", "", nil)
			if err != nil {
				t.Fatal(err)
			}
			perDocReport, err := Export(ctx, perDocument{db}, format, layer, &perDoc, "", "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(walkedReport) != fmt.Sprint(perDocReport) || (format == "doccano" && len(walkedReport) < 3) {
				t.Fatalf("%s, layer %q: the one-pass export reports %q, per document %q", format, layer, walkedReport, perDocReport)
			}
			if walked.Len() < 500 || !bytes.Equal(walked.Bytes(), perDoc.Bytes()) {
				t.Fatalf("%s, layer %q: the one-pass export differs:\n%s\nper document:\n%s", format, layer, walked.String(), perDoc.String())
			}
			if format == "jsonl" && layer == "" && (!bytes.Contains(walked.Bytes(), []byte("claimed_by")) || !bytes.Contains(walked.Bytes(), []byte(`"lead"`)) || !bytes.Contains(walked.Bytes(), []byte("topic"))) {
				t.Fatalf("jsonl export lacks relations, verdicts or document labels:\n%s", walked.String())
			}
		}
	}
}

// noListing is a project whose document list must not be read: Export
// over a store that walks and counts documents needs only the count.
type noListing struct {
	*storage.DB
	t *testing.T
}

func (s noListing) Documents(context.Context) ([]model.DocumentSummary, error) {
	s.t.Error("Export listed the documents (Documents) although the store counts them")
	return nil, errors.New("Documents called")
}

// TestExportCountsDocumentsWithoutListingThem: listing the documents read
// every document's row and counted its spans before the first line was
// written (0.45 s of a 10,000-article export, issue 14); Export now asks
// a counting store for the number only, and progress still ends at it.
func TestExportCountsDocumentsWithoutListingThem(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Create(ctx, filepath.Join(t.TempDir(), "p.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var docs []model.DocumentImport
	for i := range 5 {
		docs = append(docs, model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("d", i), Text: fmt.Sprintf("Text %d of a ceasefire.", i)},
			Annotations: []model.Annotation{{Annotator: "ana", Label: "ACTOR", Fragments: []model.Fragment{{Start: 0, End: 4}}}}})
	}
	if _, err := db.ImportDocuments(ctx, docs); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	last := [2]int{}
	if _, err := Export(ctx, noListing{db, t}, "doccano", "ana", &buf, "", "", func(done, total int) { last = [2]int{done, total} }); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 5 || last != [2]int{5, 5} {
		t.Fatalf("%d lines, last progress %v; want 5 lines and 5 of 5", n, last)
	}
}
