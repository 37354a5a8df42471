package conll

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/margin-app/margin/model"
)

// A CoNLL file is its tokenization: the text Margin rebuilds from it ("John
// 's" becomes "John's") cannot say where the tokens were, and Tokenize
// would cut "1996-08-22" or "U.S.-based" differently. So import records the
// file's tokens in the document's meta JSON, under "conll", as sentences of
// [start, end] code-point offsets into the text:
//
//	{"conll": {"sentences": [[[0, 2], [3, 10]], [[11, 16]]]}}
//
// The meta travels with the document (storage keeps it, merge copies it,
// Margin's jsonl exports it), and every export that needs tokens (CoNLL,
// WebAnno TSV) uses it through Sentences, so a CoNLL corpus comes back with
// its own token boundaries. Meta is the place because the tokenization
// belongs to the document, as its source does, and is never edited.

// metaKey is the document meta key holding the tokenization.
const metaKey = "conll"

type tokenMeta struct {
	Sentences [][][2]int `json:"sentences"`
}

// TokensMeta is the document meta recording a tokenization: sentences of
// [start, end) code-point offsets (what Sentences reads back). Readers of
// other token-based formats (WebAnno TSV) record their tokens with it too.
func TokensMeta(sents [][][2]int) ([]byte, error) {
	return json.Marshal(map[string]tokenMeta{metaKey: {Sentences: sents}})
}

// Sentences returns the document's tokens: the tokenization recorded when
// it was imported from CoNLL if there is one and it fits the text, else
// Tokenize's. stored says which; err says why a recorded tokenization
// was not used (nil if there was none).
func Sentences(d *model.Document) (sents [][]Token, stored bool, err error) {
	if len(d.Meta) > 0 && strings.Contains(string(d.Meta), `"`+metaKey+`"`) {
		sents, err = storedSentences(d)
		if err == nil {
			return sents, true, nil
		}
	}
	return Tokenize(d.Text), false, err
}

// storedSentences decodes and checks the recorded tokenization: tokens
// in order, not overlapping, inside the text, and not blank.
func storedSentences(d *model.Document) ([][]Token, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(d.Meta, &m); err != nil {
		return nil, nil // meta that is not an object is someone else's
	}
	raw, ok := m[metaKey]
	if !ok {
		return nil, nil
	}
	var tm tokenMeta
	if err := json.Unmarshal(raw, &tm); err != nil {
		return nil, fmt.Errorf("document %q: meta %q is not a CoNLL tokenization: %w", d.Name, metaKey, err)
	}
	ix := model.NewTextIndex(d.Text)
	prev := 0
	out := make([][]Token, 0, len(tm.Sentences))
	for si, s := range tm.Sentences {
		if len(s) == 0 {
			continue
		}
		sent := make([]Token, len(s))
		for ti, t := range s {
			if t[0] < prev || t[1] <= t[0] || t[1] > ix.Len() {
				return nil, fmt.Errorf("document %q: recorded CoNLL token %d of sentence %d (%d-%d) does not fit the text", d.Name, ti+1, si+1, t[0], t[1])
			}
			text := ix.Slice(t[0], t[1])
			if strings.TrimFunc(text, unicode.IsSpace) == "" {
				return nil, fmt.Errorf("document %q: recorded CoNLL token %d of sentence %d (%d-%d) is blank", d.Name, ti+1, si+1, t[0], t[1])
			}
			sent[ti] = Token{Start: t[0], End: t[1], Text: text}
			prev = t[1]
		}
		out = append(out, sent)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("document %q: recorded CoNLL tokenization is empty", d.Name)
	}
	return out, nil
}
