package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Features are hashed strings: a template id and a value folded into 64
// bits (FNV-1a). A collision of two 64-bit hashes among a few million
// features is vanishingly rare, and hashing spares the tagger a string
// per feature per token.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashStr(tmpl byte, s string) uint64 {
	h := uint64(fnvOffset)
	h ^= uint64(tmpl)
	h *= fnvPrime
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hash2(tmpl byte, a, b string) uint64 {
	h := hashStr(tmpl, a)
	h ^= 0xff
	h *= fnvPrime
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= fnvPrime
	}
	return h
}

// shape maps letters to X/x and digits to d, other runes kept, e.g.
// "McCain-2" -> "XxXxxxx-d"; short collapses repeats ("XxXx-d").
func shape(w string) (full, short string) {
	var f, s strings.Builder
	var last rune = -1
	n := 0
	for _, r := range w {
		var c rune
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = r
		}
		if n < 12 {
			f.WriteRune(c)
		}
		n++
		if c != last {
			s.WriteRune(c)
			last = c
		}
	}
	return f.String(), s.String()
}

// prefix and suffix of up to n runes.
func prefix(w string, n int) string {
	i := 0
	for k := range w {
		if i == n {
			return w[:k]
		}
		i++
	}
	return w
}

func suffix(w string, n int) string {
	c := utf8.RuneCountInString(w)
	if c <= n {
		return w
	}
	i := 0
	for k := range w {
		if i == c-n {
			return w[k:]
		}
		i++
	}
	return w
}

// tokenInfo is what the features of a token and its neighbours use.
type tokenInfo struct {
	word, lower, shape, short string
}

func infos(words []string) []tokenInfo {
	out := make([]tokenInfo, len(words))
	for i, w := range words {
		f, s := shape(w)
		out[i] = tokenInfo{word: w, lower: strings.ToLower(w), shape: f, short: s}
	}
	return out
}

// Feature templates.
const (
	fBias byte = iota
	fWord
	fLower
	fShape
	fShort
	fPre1
	fPre2
	fPre3
	fSuf1
	fSuf2
	fSuf3
	fSuf4
	fPrevLower
	fNextLower
	fPrev2Lower
	fNext2Lower
	fPrevShort
	fNextShort
	fPrevCur
	fCurNext
	fFirst
	fGaz
	fPrevGaz
	fNextGaz
	fPrevTag
	fPrev2Tags
	fPrevTagLower
	fPrevTagShort
	fDocCased
	fPrevWord
	fNextWord
	fSufPrev
	fNextPre
)

// staticFeatures are the features of token i that do not depend on the
// tags: everything but the previous-tag features. gaz is the gazetteer tag
// of each token ("" none).
func staticFeatures(dst []uint64, toks []tokenInfo, i int, gaz []string, cased map[string]bool) []uint64 {
	t := toks[i]
	dst = append(dst,
		hashStr(fBias, ""),
		hashStr(fWord, t.word),
		hashStr(fLower, t.lower),
		hashStr(fShape, t.shape),
		hashStr(fShort, t.short),
		hashStr(fPre1, prefix(t.lower, 1)),
		hashStr(fPre2, prefix(t.lower, 2)),
		hashStr(fPre3, prefix(t.lower, 3)),
		hashStr(fSuf1, suffix(t.lower, 1)),
		hashStr(fSuf2, suffix(t.lower, 2)),
		hashStr(fSuf3, suffix(t.lower, 3)),
		hashStr(fSuf4, suffix(t.lower, 4)),
	)
	prev, prev2, next, next2 := "<s>", "<s>", "</s>", "</s>"
	prevS, nextS := "<s>", "</s>"
	if i > 0 {
		prev, prevS = toks[i-1].lower, toks[i-1].short
	}
	if i > 1 {
		prev2 = toks[i-2].lower
	}
	if i+1 < len(toks) {
		next, nextS = toks[i+1].lower, toks[i+1].short
	}
	if i+2 < len(toks) {
		next2 = toks[i+2].lower
	}
	dst = append(dst,
		hashStr(fPrevLower, prev),
		hashStr(fNextLower, next),
		hashStr(fPrev2Lower, prev2),
		hashStr(fNext2Lower, next2),
		hashStr(fPrevShort, prevS),
		hashStr(fNextShort, nextS),
		hash2(fPrevCur, prev, t.lower),
		hash2(fCurNext, t.lower, next),
	)
	if i > 0 {
		dst = append(dst, hashStr(fPrevWord, toks[i-1].word), hash2(fSufPrev, suffix(toks[i-1].lower, 3), t.short))
	}
	if i+1 < len(toks) {
		dst = append(dst, hashStr(fNextWord, toks[i+1].word), hash2(fNextPre, t.short, suffix(toks[i+1].lower, 3)))
	}
	if i == 0 {
		dst = append(dst, hashStr(fFirst, t.short))
	}
	if gaz != nil {
		if gaz[i] != "" {
			dst = append(dst, hashStr(fGaz, gaz[i]))
		}
		if i > 0 && gaz[i-1] != "" {
			dst = append(dst, hashStr(fPrevGaz, gaz[i-1]))
		}
		if i+1 < len(gaz) && gaz[i+1] != "" {
			dst = append(dst, hashStr(fNextGaz, gaz[i+1]))
		}
	}
	// A word written capitalized somewhere in the document other than at
	// a sentence start is more likely a name at a sentence start too.
	if cased != nil && cased[t.lower] {
		dst = append(dst, hashStr(fDocCased, "y"))
	}
	return dst
}

// tagFeatures are the features of the previous tags.
func tagFeatures(dst []uint64, toks []tokenInfo, i int, prev, prev2 string) []uint64 {
	return append(dst,
		hashStr(fPrevTag, prev),
		hash2(fPrev2Tags, prev2, prev),
		hash2(fPrevTagLower, prev, toks[i].lower),
		hash2(fPrevTagShort, prev, toks[i].short),
	)
}

// casedWords are the lower-cased forms of words a document writes with a
// capital letter other than at a sentence start.
func casedWords(sents []sentence) map[string]bool {
	out := map[string]bool{}
	for _, s := range sents {
		for i, w := range s.words {
			if i == 0 {
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsUpper(r) {
				out[strings.ToLower(w)] = true
			}
		}
	}
	return out
}
