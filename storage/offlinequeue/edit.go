package offlinequeue

import (
	"context"
	"fmt"
	"time"

	"github.com/margin-app/margin/model"
)

// Operations a queue keeps: edits of any layer the role may write (its
// own, and a curator's gold layer), statuses and verdicts; the server
// decides on replay, as it would have live, whether the role may. Undo,
// the schema and imports are not kept (ops.go, needsServer).
const (
	opCreateAnnotations = "create_annotations"
	opUpdateAnnotation  = "update_annotation"
	opDeleteAnnotation  = "delete_annotation"
	opCreateRelation    = "create_relation"
	opDeleteRelation    = "delete_relation"
	opSetDocLabel       = "set_doclabel"
	opRemoveDocLabel    = "remove_doclabel"
	opSetStatus         = "set_status"
	opCurate            = "curate"
)

// edit is one queued write, as the file keeps it (JSON).
type edit struct {
	ID          string              `json:"id"` // the client's edit id (model.WithEditID)
	Op          string              `json:"op"`
	Annotations []*model.Annotation `json:"annotations,omitempty"`
	Annotation  *model.Annotation   `json:"annotation,omitempty"`
	Relation    *model.Relation     `json:"relation,omitempty"`
	DocLabel    *model.DocLabel     `json:"doc_label,omitempty"`
	Target      string              `json:"target,omitempty"` // the id a delete names
	By          string              `json:"by,omitempty"`
	DocID       int64               `json:"doc_id,omitempty"`
	Annotator   string              `json:"annotator,omitempty"`
	Status      model.Status        `json:"status,omitempty"`
	Verdict     *model.Verdict      `json:"verdict,omitempty"`
	Gold        *model.Annotation   `json:"gold,omitempty"` // the verdict's gold span
	// Stamps are the updated_at the first, lost, attempt gave annotations
	// (and RelID the id it gave the relation): what the server has if
	// that attempt did commit after all (the replay then says
	// model.ErrAlreadyApplied).
	Stamps map[string]time.Time `json:"stamps,omitempty"`
	RelID  string               `json:"rel_id,omitempty"`
	// Docs are the items' document ids, which model's JSON leaves out:
	// the annotations', then the annotation's, the relation's and the
	// document label's (keepDocs, restoreDocs).
	Docs []int64 `json:"docs"`
}

// docFields are pointers to the items' document ids, in Docs' order.
func (e *edit) docFields() []*int64 {
	var out []*int64
	for _, a := range e.Annotations {
		out = append(out, &a.DocID)
	}
	if e.Annotation != nil {
		out = append(out, &e.Annotation.DocID)
	}
	if e.Relation != nil {
		out = append(out, &e.Relation.DocID)
	}
	if e.DocLabel != nil {
		out = append(out, &e.DocLabel.DocID)
	}
	if e.Verdict != nil {
		out = append(out, &e.Verdict.DocID)
	}
	if e.Gold != nil {
		out = append(out, &e.Gold.DocID)
	}
	return out
}

func (e *edit) keepDocs() {
	e.Docs = e.Docs[:0]
	for _, p := range e.docFields() {
		e.Docs = append(e.Docs, *p)
	}
}

func (e *edit) restoreDocs() error {
	fs := e.docFields()
	if len(fs) != len(e.Docs) {
		return fmt.Errorf("edit %s: %d document ids for %d items", e.ID, len(e.Docs), len(fs))
	}
	for i, p := range fs {
		*p = e.Docs[i]
	}
	return nil
}

// send makes the write on the server's store.
func (e *edit) send(ctx context.Context, s model.Store) error {
	ctx = model.WithEditID(ctx, e.ID)
	switch e.Op {
	case opCreateAnnotations:
		return s.CreateAnnotations(ctx, e.Annotations)
	case opUpdateAnnotation:
		return s.UpdateAnnotationAs(ctx, e.Annotation, e.By)
	case opDeleteAnnotation:
		return s.DeleteAnnotation(ctx, e.Target, e.By)
	case opCreateRelation:
		return s.CreateRelation(ctx, e.Relation)
	case opDeleteRelation:
		return s.DeleteRelation(ctx, e.Target, e.By)
	case opSetDocLabel:
		return s.SetDocLabel(ctx, *e.DocLabel)
	case opRemoveDocLabel:
		return s.RemoveDocLabel(ctx, *e.DocLabel)
	case opSetStatus:
		return s.SetStatus(ctx, e.DocID, e.Annotator, e.Status)
	case opCurate:
		return s.Curate(ctx, e.Verdict, e.Gold)
	}
	return &unknownOpError{op: e.Op}
}

type unknownOpError struct{ op string }

func (e *unknownOpError) Error() string {
	return "offline queue: unknown edit " + e.op + " (queued by a newer Margin?)"
}

func cloneAnnotation(a *model.Annotation) *model.Annotation {
	if a == nil {
		return nil
	}
	b := *a
	b.Fragments = append([]model.Fragment(nil), a.Fragments...)
	if a.Attributes != nil {
		b.Attributes = make(map[string]any, len(a.Attributes))
		for k, v := range a.Attributes {
			b.Attributes[k] = v
		}
	}
	return &b
}

func cloneVerdict(v *model.Verdict) *model.Verdict {
	c := *v
	c.Sources = append([]model.SourceRef(nil), v.Sources...)
	return &c
}
