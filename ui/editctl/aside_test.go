package editctl

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

// stuckCreates is a store whose CreateAnnotations waits until release is
// closed: a write stuck on a disk or a server that does not answer.
type stuckCreates struct {
	model.Store
	entered, release chan struct{}
}

func (s *stuckCreates) CreateAnnotations(ctx context.Context, as []*model.Annotation) error {
	close(s.entered)
	<-s.release
	return s.Store.CreateAnnotations(ctx, as)
}

// TestOpenReadsAsideOfAStuckWriteOfAnotherDocument: with a write of
// document a stuck, opening b reads it beside the write and shows it at
// once; opening a again waits for a's write (the read must see it); and
// an edit of b made while a's write was stuck commits with the stamps b
// was read with.
func TestOpenReadsAsideOfAStuckWriteOfAnotherDocument(t *testing.T) {
	db, a := project(t)
	b := a + 1
	if err := db.CreateAnnotations(context.Background(), []*model.Annotation{{DocID: b, Annotator: "ana", Label: "ACTOR",
		Fragments: []model.Fragment{{Start: 0, End: 6}}, Text: "Second"}}); err != nil {
		t.Fatal(err)
	}
	st := &stuckCreates{Store: db, entered: make(chan struct{}), release: make(chan struct{})}
	u := newUI(t, st)
	u.open(a)
	var opened []string
	ev := u.c.ev
	ev.Opened = func(d *model.Document, _ []model.Annotation) { opened = append(opened, d.Name) }
	u.c.SetEvents(ev)
	u.c.Create("TERM", frag("energy ceasefire"), "create TERM")
	<-st.entered
	u.c.Open(b, "ana", nil)
	deadline := time.After(5 * time.Second)
	for len(opened) == 0 {
		select {
		case f := <-u.posts:
			f()
		case <-deadline:
			close(st.release)
			t.Fatal("the other document did not open while a write of the first was stuck")
		}
	}
	if opened[0] != "b" || len(u.c.Annotations()) != 1 {
		t.Fatalf("opened %q with %d spans", opened, len(u.c.Annotations()))
	}
	// b's span relabelled while a's write is still stuck: queued behind it.
	upd := *u.c.Annotations()[0]
	upd.Label = "CLAIM"
	u.c.Update(&upd, "relabel")
	// Back to a: it must not be read before a's write is done.
	u.c.Open(a, "ana", nil)
	select {
	case f := <-u.posts:
		f()
		if len(opened) > 1 {
			t.Fatal("document a was read before its stuck write was done")
		}
	case <-time.After(200 * time.Millisecond):
	}
	close(st.release)
	u.settle()
	if strings.Join(opened, ",") != "b,a" || strings.Join(shown(u.c), "|") != "TERM energy ceasefire" {
		t.Fatalf("opened %q; a shows %q", opened, shown(u.c))
	}
	if got := stored(t, db, b); strings.Join(got, "|") != "CLAIM Second" {
		t.Fatalf("b's relabel stored %q", got)
	}
	if strings.Contains(strings.Join(u.log, "\n"), "failed") {
		t.Fatalf("a write failed: %q", u.log)
	}
}
