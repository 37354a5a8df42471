package storecore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/margin-app/margin/model"
)

// CheckVerdict refuses a verdict that cannot be stored: accept and edit need a gold annotation, reject makes
// none, and the curator is a person.
func CheckVerdict(v *model.Verdict, gold *model.Annotation) error {
	switch v.Verdict {
	case model.VerdictAccept, model.VerdictEdit:
		if gold == nil {
			return fmt.Errorf("curate: %s needs a gold annotation", v.Verdict)
		}
	case model.VerdictReject:
		if gold != nil {
			return fmt.Errorf("curate: reject makes no gold annotation")
		}
	default:
		return fmt.Errorf("curate: unknown verdict %q", v.Verdict)
	}
	if v.Curator == "" || v.Curator == model.GoldAnnotator {
		return fmt.Errorf("curate: the curator must be a person")
	}
	return nil
}

// Curate records a reviewer's verdict on a disagreement, checked
// (CheckVerdict) before its transaction of run: for accept and edit,
// gold goes into the gold layer; sources are the annotations the verdict
// is about, all in its document. The gold item, the verdict and their
// history rows are one undo step of the curator.
func Curate(ctx context.Context, run Run, v *model.Verdict, gold *model.Annotation) error {
	if err := CheckVerdict(v, gold); err != nil {
		return err
	}
	return run(func(t Tx) error { return curate(ctx, t, v, gold) })
}

func curate(ctx context.Context, t Tx, v *model.Verdict, gold *model.Annotation) error {
	grp := t.NewGroup()
	if err := t.DropRedo(ctx, v.Curator); err != nil {
		return err
	}
	return curateIn(ctx, t, grp, v, gold)
}

// CheckCurations checks each curation (CheckVerdict) and that one person
// made them all: they become one step of that person's history.
func CheckCurations(cs []model.Curation) error {
	for i, c := range cs {
		if c.Verdict == nil {
			return fmt.Errorf("curate: no verdict")
		}
		if err := CheckVerdict(c.Verdict, c.Gold); err != nil {
			return err
		}
		if i > 0 && c.Verdict.Curator != cs[0].Verdict.Curator {
			return fmt.Errorf("curate: verdicts of %s and %s cannot be one step", cs[0].Verdict.Curator, c.Verdict.Curator)
		}
	}
	return nil
}

// CurateAll records the curations as Curate does, checked first, in one
// transaction of run and one history group: one undo step of their
// curator, all of them or none ("accept every exact match").
func CurateAll(ctx context.Context, run Run, cs []model.Curation) error {
	if err := CheckCurations(cs); err != nil {
		return err
	}
	if len(cs) == 0 {
		return nil
	}
	return run(func(t Tx) error {
		grp := t.NewGroup()
		if err := t.DropRedo(ctx, cs[0].Verdict.Curator); err != nil {
			return err
		}
		for _, c := range cs {
			if err := curateIn(ctx, t, grp, c.Verdict, c.Gold); err != nil {
				return err
			}
		}
		return nil
	})
}

// curateIn records one verdict and its gold item in history group grp.
func curateIn(ctx context.Context, t Tx, grp string, v *model.Verdict, gold *model.Annotation) error {
	for i := range v.Sources {
		// Not locked: a curator may read a colleague's span, not write it.
		src, err := t.Annotation(ctx, v.Sources[i].ID, false)
		if err != nil {
			return fmt.Errorf("curate: source %w", err)
		}
		v.Sources[i].Annotator = src.Annotator
		if src.DocID != v.DocID {
			return fmt.Errorf("curate: source %s is in another document", src.ID)
		}
	}
	if gold != nil {
		gold.Annotator = model.GoldAnnotator
		gold.DocID = v.DocID
		if err := t.InsertAnnotation(ctx, gold, 0); err != nil {
			return err
		}
		if err := t.Record(ctx, grp, v.Curator, "create", EntAnnotation, gold.ID, gold.DocID, nil, gold); err != nil {
			return err
		}
		v.GoldID = gold.ID
	}
	v.ID = t.NewID()
	v.CreatedAt = t.Now()
	if err := t.InsertVerdict(ctx, v); err != nil {
		return err
	}
	return t.Record(ctx, grp, v.Curator, "create", EntVerdict, v.ID, v.DocID, nil, v)
}

// VerdictValues are a verdict's sources and gold_id columns as both
// stores keep them: the sources as JSON text, gold NULL for none.
func VerdictValues(v *model.Verdict) (sources string, gold any, err error) {
	src, err := json.Marshal(v.Sources)
	if err != nil {
		return "", nil, err
	}
	if v.GoldID != "" {
		gold = v.GoldID
	}
	return string(src), gold, nil
}
