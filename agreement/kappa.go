package agreement

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Outside is the tag of a token no span covers.
const Outside = "O"

// Tokenize splits text into tokens, with offsets in code points (End
// exclusive). A token is either a word — a maximal run of letters, numbers
// and combining marks (so "naïve" in decomposed form and "2024" stay whole) —
// or one single other non-space character (punctuation, symbols: "don't" is
// "don", "'", "t"). Whitespace separates tokens and is never a token. It is
// deliberately simple and language-neutral: token kappa only needs every
// annotator to be measured on the same units, not linguistically ideal ones.
func Tokenize(text string) []Fragment {
	toks, _ := tokenizeCounting(text)
	return toks
}

// tokenizeCounting is Tokenize, also returning the text's length in code
// points (which it walks anyway).
func tokenizeCounting(text string) ([]Fragment, int) {
	out, n := tokenizeInto(make([]Fragment, 0, len(text)/5+1), text) // about a token per word and space
	if len(out) == 0 {
		return nil, n
	}
	return out, n
}

// Character classes of the tokenizer.
const (
	classOther uint8 = iota // a token of its own
	classWord
	classSpace
)

// asciiClass classifies ASCII without the unicode tables, with the same
// answers (TestTokenizeASCIIFastPath).
var asciiClass = func() (t [0x80]uint8) {
	for r := range rune(0x80) {
		switch {
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9':
			t[r] = classWord
		case r == ' ' || '\t' <= r && r <= '\r':
			t[r] = classSpace
		}
	}
	return t
}()

func runeClass(r rune) uint8 {
	switch {
	case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
		return classWord
	case unicode.IsSpace(r):
		return classSpace
	}
	return classOther
}

// tokenizeInto is tokenizeCounting appending to out[:0], for a caller that
// tokenizes many texts with one buffer. The unicode tables are asked once
// per distinct character of the text, not once per occurrence: a text in
// Cyrillic or Chinese repeats a few hundred characters.
func tokenizeInto(out []Fragment, text string) ([]Fragment, int) {
	out = out[:0]
	var seen [256]struct {
		r     rune
		class uint8
	} // non-ASCII characters by their low byte; r 0 is empty
	start := -1 // start of the current word, -1 when not in a word
	i := 0
	for j := 0; j < len(text); i++ {
		var class uint8
		if b := text[j]; b < 0x80 {
			class = asciiClass[b]
			j++
			if class == classWord { // the rest of an ASCII word at once
				if start < 0 {
					start = i
				}
				k := j
				for k < len(text) && text[k] < 0x80 && asciiClass[text[k]] == classWord {
					k++
				}
				i += k - j
				j = k
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[j:]) // as range does: U+FFFD for a bad byte
			j += size
			if c := &seen[r&0xff]; c.r == r {
				class = c.class
			} else {
				class = runeClass(r)
				c.r, c.class = r, class
			}
		}
		if class == classWord {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, Fragment{start, i})
			start = -1
		}
		if class == classOther {
			out = append(out, Fragment{i, i + 1})
		}
	}
	if start >= 0 {
		out = append(out, Fragment{start, i})
	}
	return out, i
}

// TokenTags tags each token with the label of the span covering it, or
// Outside. A token is covered when it lies entirely inside one fragment of
// the span (a span ending mid-word does not cover that word). When several
// spans cover a token — nested annotations — the innermost (shortest) wins,
// ties broken by label so the result is deterministic. Pass the spans of one
// annotator on one document.
func TokenTags(tokens []Fragment, spans []Span) []string {
	tags := make([]string, len(tokens))
	best := make([]int, len(tokens)) // length of the covering span chosen so far
	for i := range tags {
		tags[i] = Outside
		best[i] = -1
	}
	for _, s := range spans {
		n := s.length()
		for i, t := range tokens {
			for _, f := range s.Fragments {
				if f.Start <= t.Start && t.End <= f.End {
					if best[i] < 0 || n < best[i] || (n == best[i] && s.Label < tags[i]) {
						best[i], tags[i] = n, s.Label
					}
					break
				}
			}
		}
	}
	return tags
}

// CohenKappa is Cohen's (1960) kappa for two coders rating the same items:
// κ = (Po − Pe)/(1 − Pe), with Pe from each coder's own marginal
// distribution. It fails with ErrUndefined when Pe = 1 (both coders used one
// and the same category for every item).
func CohenKappa(a, b []string) (float64, error) {
	if len(a) != len(b) {
		return 0, fmt.Errorf("agreement: coders rated %d and %d items", len(a), len(b))
	}
	if len(a) == 0 {
		return 0, ErrNoData
	}
	n := float64(len(a))
	agree := 0
	ma, mb := map[string]int{}, map[string]int{}
	for i := range a {
		if a[i] == b[i] {
			agree++
		}
		ma[a[i]]++
		mb[b[i]]++
	}
	po := float64(agree) / n
	pe := 0.0
	// Sorted so the floating-point sum is the same on every run.
	for _, c := range sortedKeys(ma) {
		pe += float64(ma[c]) / n * float64(mb[c]) / n
	}
	if pe >= 1 {
		return 0, ErrUndefined
	}
	return (po - pe) / (1 - pe), nil
}

// FleissKappa is Fleiss' (1971) kappa: ratings[i] holds the categories the
// raters gave item i; every item must have the same number (≥ 2) of ratings,
// but raters need not be the same people. Pe is computed from the pooled
// category proportions (equivalent to Siegel & Castellan's multi-π). It fails
// with ErrUndefined when Pe = 1.
func FleissKappa(ratings [][]string) (float64, error) {
	if len(ratings) == 0 {
		return 0, ErrNoData
	}
	m := len(ratings[0])
	if m < 2 {
		return 0, ErrTooFewAnnotators
	}
	pooled := map[string]int{}
	sumPi := 0.0
	for i, item := range ratings {
		if len(item) != m {
			return 0, fmt.Errorf("agreement: item %d has %d ratings, item 0 has %d (Fleiss' kappa needs a constant number)", i, len(item), m)
		}
		counts := map[string]int{}
		for _, c := range item {
			counts[c]++
			pooled[c]++
		}
		agreeing := 0
		for _, k := range counts {
			agreeing += k * (k - 1)
		}
		sumPi += float64(agreeing) / float64(m*(m-1))
	}
	n := float64(len(ratings))
	po := sumPi / n
	pe := 0.0
	for _, c := range sortedKeys(pooled) {
		p := float64(pooled[c]) / (n * float64(m))
		pe += p * p
	}
	if pe >= 1 {
		return 0, ErrUndefined
	}
	return (po - pe) / (1 - pe), nil
}

// PairKappa is Cohen's kappa of one annotator pair. Kappa is nil when
// undefined; ObservedAgreement is the raw share of identical tags.
type PairKappa struct {
	A                 string   `json:"a"`
	B                 string   `json:"b"`
	Items             int      `json:"items"`
	ObservedAgreement float64  `json:"observed_agreement"`
	Kappa             *float64 `json:"kappa,omitempty"`
}

// TokenKappaReport is token-level agreement: every token of every document
// tagged per annotator, then pairwise Cohen's kappa and Fleiss' kappa over
// all annotators.
type TokenKappaReport struct {
	Annotators []string    `json:"annotators"`
	Documents  int         `json:"documents"`
	Tokens     int         `json:"tokens"`
	Pairs      []PairKappa `json:"pairs"`
	MeanCohen  *float64    `json:"mean_cohen,omitempty"`
	Fleiss     *float64    `json:"fleiss,omitempty"`
}

// TokenKappa tokenizes every document in texts (document key -> text),
// tags each token per annotator with TokenTags, and compares the tag
// sequences. Every listed annotator is taken to have worked on every
// document in texts, so pass only the documents they all annotated. With no
// annotators given, every annotator with a span is used.
func TokenKappa(texts map[string]string, spans []Span, annotators []string) (TokenKappaReport, error) {
	return TokenKappaTokens(TokenizeAll(texts), spans, annotators)
}

// TokenizeAll tokenizes every text (document key -> tokens), for
// TokenKappaTokens: a report that measures several labels over the same
// documents tokenizes them once.
func TokenizeAll(texts map[string]string) map[string][]Fragment {
	out := make(map[string][]Fragment, len(texts))
	for doc, text := range texts {
		out[doc] = Tokenize(text)
	}
	return out
}

// TokenKappaTokens is TokenKappa over documents already tokenized (see
// TokenizeAll).
func TokenKappaTokens(tokens map[string][]Fragment, spans []Span, annotators []string) (TokenKappaReport, error) {
	anns := annotatorsOf(spans, annotators)
	rep := TokenKappaReport{Annotators: anns, Documents: len(tokens)}
	if len(anns) < 2 {
		return rep, ErrTooFewAnnotators
	}
	if err := validateSpans(spans); err != nil {
		return rep, err
	}
	byDocAnn := map[string]map[string][]Span{}
	for _, s := range spans {
		if byDocAnn[s.Doc] == nil {
			byDocAnn[s.Doc] = map[string][]Span{}
		}
		byDocAnn[s.Doc][s.Annotator] = append(byDocAnn[s.Doc][s.Annotator], s)
	}
	tt := newTagTable()
	docs := sortedKeys(tokens)
	total := 0
	for _, doc := range docs {
		total += len(tokens[doc])
	}
	seqs := make([][]int32, len(anns))
	for k := range seqs {
		seqs[k] = make([]int32, total)
	}
	var best []int
	off := 0
	for _, doc := range docs {
		toks := tokens[doc]
		for k, a := range anns {
			best = tokenTagCodes(seqs[k][off:off+len(toks)], best, toks, byDocAnn[doc][a], tt)
		}
		off += len(toks)
	}
	rep.Tokens = len(seqs[0])
	if rep.Tokens == 0 {
		return rep, ErrNoData
	}
	var ks []float64
	for i := 0; i < len(anns); i++ {
		for j := i + 1; j < len(anns); j++ {
			p := PairKappa{A: anns[i], B: anns[j], Items: rep.Tokens}
			same := 0
			for t := range seqs[i] {
				if seqs[i][t] == seqs[j][t] {
					same++
				}
			}
			p.ObservedAgreement = float64(same) / float64(rep.Tokens)
			if k, err := cohenCodes(seqs[i], seqs[j], tt); err == nil {
				p.Kappa = fptr(k)
				ks = append(ks, k)
			}
			rep.Pairs = append(rep.Pairs, p)
		}
	}
	rep.MeanCohen, _ = meanSD(ks)
	if f, err := fleissCodes(seqs, tt); err == nil {
		rep.Fleiss = fptr(f)
	}
	return rep, nil
}
