package model

import "fmt"

// Curation is one verdict with the gold annotation it makes (nil for a
// reject), as Store.Curate takes them; Store.CurateAll records several
// in one transaction and one undo step ("accept every exact match").
type Curation struct {
	Verdict *Verdict
	Gold    *Annotation
}

// Check refuses a curation no store may record: accept and edit need a
// gold annotation, reject makes none, and the curator is a person.
func (c Curation) Check() error {
	v := c.Verdict
	if v == nil {
		return fmt.Errorf("curate: no verdict")
	}
	switch v.Verdict {
	case VerdictAccept, VerdictEdit:
		if c.Gold == nil {
			return fmt.Errorf("curate: %s needs a gold annotation", v.Verdict)
		}
	case VerdictReject:
		if c.Gold != nil {
			return fmt.Errorf("curate: reject makes no gold annotation")
		}
	default:
		return fmt.Errorf("curate: unknown verdict %q", v.Verdict)
	}
	if v.Curator == "" || v.Curator == GoldAnnotator {
		return fmt.Errorf("curate: the curator must be a person")
	}
	return nil
}

// CheckCurations checks each curation and that one person made them all
// (they become one step of that person's history).
func CheckCurations(cs []Curation) error {
	for i, c := range cs {
		if err := c.Check(); err != nil {
			return err
		}
		if i > 0 && c.Verdict.Curator != cs[0].Verdict.Curator {
			return fmt.Errorf("curate: verdicts of %s and %s cannot be one step", cs[0].Verdict.Curator, c.Verdict.Curator)
		}
	}
	return nil
}
