package dataset

import (
	"context"
	"testing"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/labelcolor"
	"github.com/margin-app/margin/internal/realdata"
)

// TestImportedLabelsGetColoursApartFromTheSchema: a real brat corpus
// (BioNLP-ST 2011 EPI: Protein, Entity, Glycosylation, Hydroxylation)
// imported into a project with the default schema adds its labels in
// colours easy to tell from the schema's and from each other. The
// importers' fixed palette gave them colours next to the schema's (its
// green 0.047 from ACTOR's, its orange 0.039 from a default label's) and,
// past 16 labels, the same colours again.
func TestImportedLabelsGetColoursApartFromTheSchema(t *testing.T) {
	ctx := context.Background()
	db := newProject(t)
	sc, err := assets.DefaultSchema()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		t.Fatal(err)
	}
	sum, err := Import(ctx, db, "brat", realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), formats.ImportOptions{Annotator: "ana"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.AddedLabels) < 3 {
		t.Fatalf("added labels %v, want the corpus's entity and event types", sum.AddedLabels)
	}
	grown, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Each new label is apart from every label before it by more than
	// three just noticeable differences (0.02 each in OKLab), though the
	// schema grows to 25 labels (MinDistance holds up to 20).
	for i, l := range grown.Labels {
		if i < len(sc.Labels) {
			continue // the schema's own
		}
		var before []string
		for _, o := range grown.Labels[:i] {
			before = append(before, o.Color)
		}
		const want = 0.075
		if d := labelcolor.Nearest(l.Color, append(before, labelcolor.Unknown)); d < want {
			t.Errorf("imported label %d (%s) got %s, %.3f from the nearest colour before it; want at least %.2f", i+1, l.Name, l.Color, d, want)
		}
	}
}
