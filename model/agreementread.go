package model

import "context"

// AgreementDoc is what measuring agreement reads of one document: its
// text, every layer's spans (annotator, label and extent only) in the
// order Annotations returns them (start, end, id), and its document
// labels.
type AgreementDoc struct {
	ID     int64
	Text   string
	Spans  []SpanExtent
	Labels []DocLabel
}

// SpanExtent is an annotation as agreement sees it.
type SpanExtent struct {
	Annotator string
	Label     string
	Fragments []Fragment
}

// AgreementReader is a store that reads a whole project for agreement in
// one pass: a few queries in all instead of three per document, and only
// the columns agreement uses. Both stores implement it; dataset.Agreement
// reads document by document from a store that does not.
type AgreementReader interface {
	// ReadForAgreement calls fn for every document, in id order; an error
	// from fn stops the reading and is returned.
	ReadForAgreement(ctx context.Context, fn func(*AgreementDoc) error) error
}

// AgreementRows gathers a store's annotation and document-label rows for
// ReadForAgreement, then makes each document as its text comes. Names
// (annotators, labels, sets, values) are kept once each: a project has
// few of them and many rows. The zero value is ready.
type AgreementRows struct {
	spans  map[int64][]SpanExtent
	labels map[int64][]DocLabel
	names  map[string]string
}

// Name is s, or the string of the same content seen before.
func (r *AgreementRows) Name(s string) string {
	if n, ok := r.names[s]; ok {
		return n
	}
	if r.names == nil {
		r.names = map[string]string{}
	}
	r.names[s] = s
	return s
}

// NameBytes is Name for a column read as bytes, copied only when new.
func (r *AgreementRows) NameBytes(b []byte) string {
	if n, ok := r.names[string(b)]; ok {
		return n
	}
	return r.Name(string(b))
}

// Span adds a span of document doc; spans of a document must come in the
// order Annotations returns them.
func (r *AgreementRows) Span(doc int64, annotator, label string, frags []Fragment) {
	if r.spans == nil {
		r.spans = map[int64][]SpanExtent{}
	}
	r.spans[doc] = append(r.spans[doc], SpanExtent{Annotator: r.Name(annotator), Label: r.Name(label), Fragments: frags})
}

// Label adds a document label, in the order DocLabels returns them.
func (r *AgreementRows) Label(l DocLabel) {
	if r.labels == nil {
		r.labels = map[int64][]DocLabel{}
	}
	l.Annotator, l.Set, l.Value = r.Name(l.Annotator), r.Name(l.Set), r.Name(l.Value)
	r.labels[l.DocID] = append(r.labels[l.DocID], l)
}

// Doc is document id with text and what was added of it.
func (r *AgreementRows) Doc(id int64, text string) *AgreementDoc {
	return &AgreementDoc{ID: id, Text: text, Spans: r.spans[id], Labels: r.labels[id]}
}
