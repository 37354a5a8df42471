package dataset

import (
	"context"
	"errors"
	"sync"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// DocumentWalker is a store that reads every document with its layers in
// one pass (storage.DB): Export uses it instead of five queries per
// document.
type DocumentWalker interface {
	EachDocument(ctx context.Context, annotator string, withVerdicts bool,
		fn func(d *model.Document, anns []model.Annotation, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict) error) error
}

// LeanWalker is a DocumentWalker that can leave out of each annotation
// what a formats.LeanExporter does not read (storage.DB). A wrapper that
// overrides EachDocument must override EachDocumentLean too, or it is
// bypassed for lean exports.
type LeanWalker interface {
	DocumentWalker
	EachDocumentLean(ctx context.Context, annotator string, withVerdicts bool,
		fn func(d *model.Document, anns []model.Annotation, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict) error) error
}

// documentSource hands Export the documents in order.
type documentSource interface {
	get(i int) (formats.Layered, error) // errNoMore after the last
	stop()
}

var errNoMore = errors.New("no more documents")

// walked reads documents on a goroutine, a few ahead of the exporter, so
// reading and writing use both cores.
type walked struct {
	docs chan loaded
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

// walk reads through w.EachDocument, or through EachDocumentLean when lean
// and w has it.
func walk(ctx context.Context, w DocumentWalker, layer string, lean bool) *walked {
	each := w.EachDocument
	if lw, ok := w.(LeanWalker); ok && lean {
		each = lw.EachDocumentLean
	}
	p := &walked{docs: make(chan loaded, 8), quit: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(p.docs)
		withVerdicts := layer == "" || layer == model.GoldAnnotator
		err := each(ctx, layer, withVerdicts, func(d *model.Document, anns []model.Annotation, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict) error {
			// As Layers: relations and document labels of the layer only.
			if layer != "" {
				rels = keep(rels, func(r model.Relation) bool { return r.Annotator == layer })
				labels = keep(labels, func(l model.DocLabel) bool { return l.Annotator == layer })
			}
			select {
			case p.docs <- loaded{d: formats.Layered{Doc: d, Annotations: anns, Relations: rels, DocLabels: labels, Verdicts: verdicts}}:
				return nil
			case <-p.quit:
				return errNoMore
			}
		})
		if err != nil && !errors.Is(err, errNoMore) {
			select {
			case p.docs <- loaded{err: err}:
			case <-p.quit:
			}
		}
	}()
	return p
}

func (p *walked) get(int) (formats.Layered, error) {
	l, ok := <-p.docs
	if !ok {
		return formats.Layered{}, errNoMore
	}
	return l.d, l.err
}

func (p *walked) stop() {
	p.once.Do(func() { close(p.quit) })
	p.wg.Wait()
}

// DocumentCounter is a store that counts its documents without listing
// them (storage.DB). Export needs only the number, for progress, when it
// walks the documents; listing them (Documents) read every document's row
// and counted its annotations: 0.45 s of a 10,000-article export before
// its first line (issue 14).
type DocumentCounter interface {
	DocumentCount(ctx context.Context) (int, error)
}

// documentTotal is st's number of documents.
func documentTotal(ctx context.Context, st Store) (int, error) {
	if c, ok := st.(DocumentCounter); ok {
		return c.DocumentCount(ctx)
	}
	docs, err := st.Documents(ctx)
	return len(docs), err
}
