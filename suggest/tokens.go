package suggest

import (
	"github.com/margin-app/margin/formats/conll"
	"github.com/margin-app/margin/model"
)

// sentence is one sentence's tokens with their code-point offsets.
type sentence struct {
	words []string
	start []int
	end   []int
}

// sentences tokenizes a document the way Margin's CoNLL export does: the
// tokens a CoNLL import recorded, else Unicode word segments (conll.Sentences).
// Using the same tokens as the export means a tagger trained in Margin and
// a CoNLL file exported from it agree on boundaries.
func sentences(d *model.Document) []sentence {
	sents, _, _ := conll.Sentences(d)
	out := make([]sentence, 0, len(sents))
	for _, s := range sents {
		o := sentence{words: make([]string, len(s)), start: make([]int, len(s)), end: make([]int, len(s))}
		for i, t := range s {
			o.words[i], o.start[i], o.end[i] = t.Text, t.Start, t.End
		}
		out = append(out, o)
	}
	return out
}
