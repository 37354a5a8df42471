package formats

import (
	"io"
	"os"

	"github.com/margin-app/margin/model"
)

// Summary accumulates, one document at a time, what a streaming import
// reports besides its documents: the labels used (first-seen order) and
// the relation types and the document-label sets. It keeps only the labels and, for the few documents
// with relations, their annotations' ids and labels, so memory stays
// bounded by the number of distinct labels, not the size of the input.
type Summary struct {
	seen     map[string]bool
	names    []string
	withRels []model.DocumentImport
	sets     DocLabelSets
}

// Add records one document.
func (s *Summary) Add(d *model.DocumentImport) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	for i := range d.Annotations {
		if l := d.Annotations[i].Label; !s.seen[l] {
			s.seen[l] = true
			s.names = append(s.names, l)
		}
	}
	if len(d.Relations) > 0 {
		// Its own copy of the relations: the store writes into the
		// document's (their DocID) while a stream is still being read.
		sk := model.DocumentImport{Relations: append([]model.Relation(nil), d.Relations...), Annotations: make([]model.Annotation, len(d.Annotations))}
		for i, a := range d.Annotations {
			sk.Annotations[i] = model.Annotation{ID: a.ID, Label: a.Label}
		}
		s.withRels = append(s.withRels, sk)
	}
	s.sets.Add(d)
}

// Imported is what Import would have returned, without the documents.
func (s *Summary) Imported() *Imported {
	return &Imported{Labels: LabelsFor(s.names), Relations: RelationTypesFor(s.withRels), DocLabelSets: s.sets.Sets()}
}

// OpenProgress opens path for reading, refusing what is not a regular
// file (see OpenRegular: a named pipe or a link to /dev/zero would block or
// never end); when progress is not nil it is called with (bytes read,
// file size) as the file is read.
func OpenProgress(path string, progress func(done, total int64)) (io.ReadCloser, error) {
	r, err := OpenRegular(path, 0)
	if err != nil || progress == nil {
		return r, err
	}
	var size int64
	if st, err := os.Stat(path); err == nil {
		size = st.Size()
	}
	return &progressReader{r: r, total: size, fn: progress}, nil
}

type progressReader struct {
	r           io.ReadCloser
	done, total int64
	last        int64
	fn          func(done, total int64)
}

func (r *progressReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.done += int64(n)
	if r.done-r.last >= 1<<20 || (err == io.EOF && r.done != r.last) {
		r.last = r.done
		r.fn(r.done, r.total)
	}
	return n, err
}

func (r *progressReader) Close() error { return r.r.Close() }
