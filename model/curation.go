package model

// Curation is one verdict with the gold annotation it makes (nil for a
// reject), as Store.Curate takes them; Store.CurateAll records several
// in one transaction and one undo step ("accept every exact match").
type Curation struct {
	Verdict *Verdict
	Gold    *Annotation
}
