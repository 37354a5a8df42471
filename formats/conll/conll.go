// Package conll writes token-per-line NER data (token<TAB>tag, IOB2 or
// BIOES) and reads CoNLL-2003 style files (4 columns "word POS chunk NE",
// IOB1 or IOB2, or any file whose last column is the tag).
//
// Tokens (export): a document imported from CoNLL keeps the file's own
// tokens and sentences (recorded in its meta, see Sentences). Otherwise
// sentences are Unicode sentence segments (UAX #29,
// github.com/rivo/uniseg) additionally split at every line break, and
// tokens are the UAX #29 word segments that are not whitespace. So
// "30-day" is three tokens "30" "-" "day", punctuation and every emoji are
// tokens of their own, and CJK ideographs are one token each.
//
// One tag per token cannot hold overlapping or nested spans: the longest
// span wins, ties go to the one that starts first (then to the first given),
// and every span that loses is counted in the report. Spans that do not
// start and end on token boundaries are widened to whole tokens and
// counted.
package conll

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/rivo/uniseg"
)

// Format describes CoNLL for the registry.
var Format = formats.Format{
	Name: "conll",
	Description: "CoNLL token<TAB>tag (IOB2 or BIOES), blank line between sentences, -DOCSTART- per document. " +
		"Tokens: Unicode (UAX #29) word segments, sentences split at sentence ends and line breaks; " +
		"overlaps keep the longest span; a document imported from CoNLL keeps its own tokens. Import reads CoNLL-2003 (IOB1/IOB2) and 2-column files, rebuilding the text: a space between tokens, except inside Chinese, Japanese or Thai text, before closing punctuation and clitics ('s, n't) and after opening brackets",
	Extensions:   []string{".conll", ".txt", ".tsv", ".iob", ".bio"},
	Import:       Import,
	Stream:       Stream,
	NewExporter:  NewExporter,
	ExportFields: []formats.Option{formats.OptScheme},
}

// Token is a token of a text, in code points.
type Token struct {
	Start, End int
	Text       string
}

// Tokenize splits text into sentences of tokens (see the package comment).
func Tokenize(text string) [][]Token {
	var sents [][]Token
	cp := 0 // code point offset of rest
	rest := text
	state := -1
	for len(rest) > 0 {
		var sent string
		sent, rest, state = uniseg.FirstSentenceInString(rest, state)
		var cur []Token
		flush := func() {
			if len(cur) > 0 {
				sents = append(sents, cur)
				cur = nil
			}
		}
		wrest, wstate := sent, -1
		for len(wrest) > 0 {
			var w string
			w, wrest, wstate = uniseg.FirstWordInString(wrest, wstate)
			n := utf8.RuneCountInString(w)
			if strings.TrimFunc(w, unicode.IsSpace) == "" {
				if strings.ContainsAny(w, "\n\r\u2028\u2029\u0085") {
					flush()
				}
			} else {
				cur = append(cur, Token{Start: cp, End: cp + n, Text: w})
			}
			cp += n
		}
		flush()
	}
	return sents
}

// spaceBetween says whether the rebuilt text has a space between two
// tokens of a sentence. CoNLL keeps no whitespace, so this undoes the
// usual tokenization: no space inside Chinese, Japanese or Thai text
// (character-per-line corpora such as MSRA NER would otherwise read
// "停 火"), before closing punctuation and English clitics ("lamb ." and
// "Trump 's" in CoNLL-2003), or after an opening bracket. Quotes and
// hyphens keep their spaces: which side they attach to is not known.
func spaceBetween(prev, tok string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(tok)
	if unspaced(last) && unspaced(first) {
		return false
	}
	switch tok {
	case ",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "...", "'s", "'S", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m":
		return false
	}
	switch prev {
	case "(", "[", "{":
		return false
	}
	return true
}

// unspaced says whether r belongs to a script written without spaces
// between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar), or
// is CJK punctuation or a full-width form.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
