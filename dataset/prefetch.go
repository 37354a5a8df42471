package dataset

import (
	"context"
	"sync"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// prefetchWorkers load documents for an export while the exporter writes
// earlier ones: SQLite in WAL mode serves readers on separate connections
// at once, and loading, not writing, is most of an export's time.
const prefetchWorkers = 2

// prefetched is a window of documents being loaded ahead, in order.
type prefetched struct {
	slots []chan loaded // slots[w] carries worker w's documents, in order
	quit  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
	n     int
}

type loaded struct {
	d   formats.Layered
	err error
}

// prefetch starts loading docs: worker w loads documents w, w+N, w+2N...,
// each at most a few documents ahead of the writer.
func prefetch(ctx context.Context, st Store, docs []model.DocumentSummary, layer string) *prefetched {
	p := &prefetched{quit: make(chan struct{}), n: len(docs)}
	for w := 0; w < prefetchWorkers; w++ {
		ch := make(chan loaded, 2)
		p.slots = append(p.slots, ch)
		p.wg.Add(1)
		go func(w int) {
			defer p.wg.Done()
			for i := w; i < len(docs); i += prefetchWorkers {
				d, err := Layers(ctx, st, docs[i].ID, layer)
				select {
				case ch <- loaded{d, err}:
				case <-p.quit:
					return
				}
				if err != nil {
					return
				}
			}
		}(w)
	}
	return p
}

// get returns document i; calls must go 0, 1, 2, ... After the last
// document it returns errNoMore.
func (p *prefetched) get(i int) (formats.Layered, error) {
	if i >= p.n {
		return formats.Layered{}, errNoMore
	}
	l := <-p.slots[i%prefetchWorkers]
	return l.d, l.err
}

// stop ends the workers (after an error or the last document).
func (p *prefetched) stop() {
	p.once.Do(func() { close(p.quit) })
	p.wg.Wait()
}

// agreementDoc is one document as Agreement reads it.
type agreementDoc struct {
	doc    *model.Document
	anns   []model.Annotation
	labels []model.DocLabel
	err    error
}

type agreementLoader struct {
	slots []chan agreementDoc // slots[w] carries documents w, w+N, ... in order
	quit  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

// loadForAgreement reads documents, every layer's annotations and the
// document labels ahead of Agreement on prefetchWorkers connections.
func loadForAgreement(ctx context.Context, st Store, docs []model.DocumentSummary) *agreementLoader {
	l := &agreementLoader{quit: make(chan struct{})}
	for w := 0; w < prefetchWorkers; w++ {
		ch := make(chan agreementDoc, 4)
		l.slots = append(l.slots, ch)
		l.wg.Add(1)
		go func(w int) {
			defer l.wg.Done()
			for i := w; i < len(docs); i += prefetchWorkers {
				var d agreementDoc
				if d.doc, d.err = st.Document(ctx, docs[i].ID); d.err == nil {
					if d.anns, d.err = st.Annotations(ctx, docs[i].ID, ""); d.err == nil {
						d.labels, d.err = st.DocLabels(ctx, docs[i].ID)
					}
				}
				select {
				case ch <- d:
				case <-l.quit:
					return
				}
				if d.err != nil {
					return
				}
			}
		}(w)
	}
	return l
}

func (l *agreementLoader) stop() {
	l.once.Do(func() { close(l.quit) })
	l.wg.Wait()
}
