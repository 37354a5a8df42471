package agreement

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// tokenKappaStrings is TokenKappa as first written, on string tags: the
// reference the coded version must match exactly.
func tokenKappaStrings(texts map[string]string, spans []Span, anns []string) (pairs []*float64, fleiss *float64) {
	byDocAnn := map[string]map[string][]Span{}
	for _, s := range spans {
		if byDocAnn[s.Doc] == nil {
			byDocAnn[s.Doc] = map[string][]Span{}
		}
		byDocAnn[s.Doc][s.Annotator] = append(byDocAnn[s.Doc][s.Annotator], s)
	}
	seqs := make([][]string, len(anns))
	for _, doc := range sortedKeys(texts) {
		toks := Tokenize(texts[doc])
		for k, a := range anns {
			seqs[k] = append(seqs[k], TokenTags(toks, byDocAnn[doc][a])...)
		}
	}
	for i := 0; i < len(anns); i++ {
		for j := i + 1; j < len(anns); j++ {
			var p *float64
			if k, err := CohenKappa(seqs[i], seqs[j]); err == nil {
				p = fptr(k)
			}
			pairs = append(pairs, p)
		}
	}
	items := make([][]string, len(seqs[0]))
	for t := range items {
		for k := range anns {
			items[t] = append(items[t], seqs[k][t])
		}
	}
	if f, err := FleissKappa(items); err == nil {
		fleiss = fptr(f)
	}
	return pairs, fleiss
}

func TestTokenKappaCodesMatchStrings(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	words := []string{"the", "ceasefire", "Kyiv", "停火", "👍🏽", "talks,", "agreed.", "a"}
	labels := []string{"ACTOR", "CLAIM", "B", "O2"}
	for round := 0; round < 20; round++ {
		texts := map[string]string{}
		var spans []Span
		anns := []string{"ana", "bo", "cy"}[:2+round%2]
		for d := 0; d < 5; d++ {
			doc := fmt.Sprint("d", d)
			text := ""
			for len([]rune(text)) < 300 {
				text += words[r.Intn(len(words))] + " "
			}
			texts[doc] = text
			n := len([]rune(text))
			for _, a := range anns {
				for k := 0; k < 15; k++ {
					s := r.Intn(n - 30)
					frags := []Fragment{{s, s + 1 + r.Intn(25)}}
					if k%5 == 0 { // discontinuous, and nested/overlapping spans
						frags = append(frags, Fragment{frags[0].End + 2, frags[0].End + 6})
					}
					spans = append(spans, Span{Doc: doc, Annotator: a, Label: labels[r.Intn(len(labels))], Fragments: frags})
				}
			}
		}
		rep, err := TokenKappa(texts, spans, anns)
		if err != nil {
			t.Fatal(err)
		}
		pairs, fleiss := tokenKappaStrings(texts, spans, anns)
		var got []*float64
		for _, p := range rep.Pairs {
			got = append(got, p.Kappa)
		}
		if !reflect.DeepEqual(got, pairs) || !reflect.DeepEqual(rep.Fleiss, fleiss) {
			t.Fatalf("round %d: coded %v %v, strings %v %v", round, deref(got), deref([]*float64{rep.Fleiss}), deref(pairs), deref([]*float64{fleiss}))
		}
	}
}

func deref(ps []*float64) []any {
	var out []any
	for _, p := range ps {
		if p == nil {
			out = append(out, nil)
		} else {
			out = append(out, *p)
		}
	}
	return out
}

// TestTokenizeASCIIFastPath: the ASCII shortcut classifies every ASCII
// character as the unicode tables do.
func TestTokenizeASCIIFastPath(t *testing.T) {
	for r := rune(0); r < 0x80; r++ {
		text := "ab" + string(r) + "cd"
		var want []Fragment
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
			want = []Fragment{{0, 5}}
		} else if unicode.IsSpace(r) {
			want = []Fragment{{0, 2}, {3, 5}}
		} else {
			want = []Fragment{{0, 2}, {2, 3}, {3, 5}}
		}
		if got := Tokenize(text); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, want %v", r, got, want)
		}
	}
}

// tokenizeByRange is Tokenize as it was before tokenizeInto: a range over
// the text, the unicode tables asked for every non-ASCII character.
func tokenizeByRange(text string) []Fragment {
	var out []Fragment
	start, i := -1, 0
	for _, r := range text {
		word := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
		if word {
			if start < 0 {
				start = i
			}
		} else {
			if start >= 0 {
				out = append(out, Fragment{start, i})
				start = -1
			}
			if !unicode.IsSpace(r) {
				out = append(out, Fragment{i, i + 1})
			}
		}
		i++
	}
	if start >= 0 {
		out = append(out, Fragment{start, i})
	}
	return out
}

// TestTokenizeMatchesRange: random texts of ASCII, letters and digits of
// other scripts, combining marks, other spaces, emoji, characters sharing
// a low byte (the per-text cache's slots) and invalid UTF-8 tokenize as
// the plain range over the text does, with the same code point count.
func TestTokenizeMatchesRange(t *testing.T) {
	pieces := []string{"a", "Z", "7", " ", "\t", "\n", ".", "'", "-", "é", "e\u0301", "Київ", "停火", "٣", "\u00a0", "\u2003", "\u3000",
		"👍🏽", "“", "”", "\u0100", "\u0200", "\u0300", "\u1100", "\xff", "\xe2\x82", "ſ", "ǅ", "Ⅻ", "\u200b"}
	r := rand.New(rand.NewSource(5))
	var buf []Fragment
	for n := range 2000 {
		var sb strings.Builder
		for range r.Intn(60) {
			sb.WriteString(pieces[r.Intn(len(pieces))])
		}
		text := sb.String()
		want := tokenizeByRange(text)
		got, count := tokenizeInto(buf, text)
		buf = got
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("case %d %q: %v, want %v", n, text, got, want)
		}
		if c := utf8.RuneCountInString(text); count != c {
			t.Fatalf("case %d %q: %d code points, want %d", n, text, count, c)
		}
		if toks := Tokenize(text); !reflect.DeepEqual(toks, want) {
			t.Fatalf("case %d %q: Tokenize %v, want %v", n, text, toks, want)
		}
	}
}
