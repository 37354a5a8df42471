// Package bench holds Margin's end-to-end benchmarks for issues 8 and 14
// and the tools that compare them with the Python baseline (baseline.py):
// the synthetic corpora (Shapes; issue 8's is 10,000 articles of about
// 7,000 code points, 1,000,000 spans, doccano JSONL) are generated here
// and by baseline.py byte for byte the same, from the same xorshift64*
// generator.
package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

var (
	words  = strings.Fields("the ceasefire talks in Riyadh “agreed” energy infrastructure Kyiv Київ Moscow 停火 frontline 👍🏽 said officials on Tuesday a proposal for thirty days")
	labels = []string{"CEASEFIRE_TERM", "TERRITORIAL_CONTROL", "ACTOR", "PRECONDITION", "NEGOTIATION_EVENT", "MILITARY_ACTION"}
)

// xorshift is xorshift64*, chosen because it is trivially the same in Go
// and in Python.
type xorshift uint64

func (x *xorshift) next() uint64 {
	s := uint64(*x)
	s ^= s >> 12
	s ^= s << 25
	s ^= s >> 27
	*x = xorshift(s)
	return s * 0x2545F4914F6CDD1D
}

func (x *xorshift) intn(n int) int { return int((x.next() >> 33) % uint64(n)) }

// NewLabel is the label of the short shape that the default schema lacks,
// so that its import grows the schema (baseline.py's NEW_LABEL).
const NewLabel = "HUMANITARIAN_PAUSE"

// Shape is one generated corpus: Docs articles of about Chars code points
// with Spans spans each, labels drawn from the six default-schema labels
// plus Extra.
type Shape struct {
	Docs, Chars, Spans int
	Extra              []string
}

// Shapes are baseline.py's SHAPES: issue 8's corpus and issue 14's short
// articles (with a label not in the schema) and long documents.
var Shapes = map[string]Shape{
	"articles": {Docs: 10000, Chars: 7000, Spans: 100},
	"short":    {Docs: 10000, Chars: 5000, Spans: 100, Extra: []string{NewLabel}},
	"long":     {Docs: 100, Chars: 100000, Spans: 1000},
}

// Article is one generated document.
type Article struct {
	Name  string
	Text  string
	Spans [][3]any // [start, end, label], code points
}

// Corpus calls fn for each of docs articles of issue 8's shape with spans
// spans each.
func Corpus(docs, spans int, fn func(Article) error) error {
	sh := Shapes["articles"]
	sh.Docs, sh.Spans = docs, spans
	return sh.Each(fn)
}

// Each calls fn for each article of the shape.
func (sh Shape) Each(fn func(Article) error) error {
	r := xorshift(1)
	all := append(append([]string(nil), labels...), sh.Extra...)
	for i := 0; i < sh.Docs; i++ {
		var sb strings.Builder
		first := fmt.Sprintf("Article %d.", i)
		sb.WriteString(first)
		n := utf8.RuneCountInString(first)
		for n < sh.Chars {
			w := words[r.intn(len(words))]
			sb.WriteByte(' ')
			sb.WriteString(w)
			n += utf8.RuneCountInString(w) + 1
		}
		a := Article{Name: fmt.Sprintf("doc%d", i), Text: sb.String(), Spans: make([][3]any, sh.Spans)}
		for j := range a.Spans {
			s := r.intn(n - 20)
			e := s + 1 + r.intn(19)
			a.Spans[j] = [3]any{s, e, all[r.intn(len(all))]}
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// WriteCorpus writes issue 8's corpus as doccano JSONL to path, the same
// bytes as `python3 bench/baseline.py generate path`.
func WriteCorpus(path string, docs, spans int) error {
	sh := Shapes["articles"]
	sh.Docs, sh.Spans = docs, spans
	return sh.Write(path)
}

// Write writes the shape's corpus as doccano JSONL to path, the same bytes
// as `python3 bench/baseline.py generate path --shape NAME`.
func (sh Shape) Write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	type rec struct {
		Name  string   `json:"name"`
		Text  string   `json:"text"`
		Label [][3]any `json:"label"`
	}
	err = sh.Each(func(a Article) error { return enc.Encode(rec{a.Name, a.Text, a.Spans}) })
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
