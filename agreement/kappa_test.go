package agreement

import (
	"errors"
	"reflect"
	"testing"
)

// repeatPairs expands a contingency table into two parallel rating lists.
func repeatPairs(cells ...any) (a, b []string) {
	for i := 0; i < len(cells); i += 3 {
		n := cells[i].(int)
		for k := 0; k < n; k++ {
			a = append(a, cells[i+1].(string))
			b = append(b, cells[i+2].(string))
		}
	}
	return a, b
}

func TestCohenKappaCohen1960(t *testing.T) {
	// Cohen (1960), Educational and Psychological Measurement 20(1), p. 45:
	// Po = 0.70, Pe = 0.41, κ = 0.492 (as in DKPro Cohen1960Test.createExample2).
	a, b := repeatPairs(88, "1", "1", 14, "1", "2", 18, "1", "3",
		10, "2", "1", 40, "2", "2", 10, "2", "3",
		2, "3", "1", 6, "3", "2", 12, "3", "3")
	k, err := CohenKappa(a, b)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "kappa", k, 0.492, 0.001)
}

func TestCohenKappaArtsteinPoesio2008(t *testing.T) {
	// Artstein & Poesio (2008), Computational Linguistics 34(4), p. 558
	// (STAT/IReq table): κ = 0.348; p. 568 (with Chck): κ = 0.801.
	a, b := repeatPairs(20, "STAT", "STAT", 20, "IReq", "STAT", 10, "STAT", "IReq", 50, "IReq", "IReq")
	k, err := CohenKappa(a, b)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "kappa ex1", k, 0.348, 0.001)

	a, b = repeatPairs(46, "STAT", "STAT", 6, "IReq", "STAT", 32, "IReq", "IReq", 6, "IReq", "Chck", 10, "Chck", "Chck")
	k, err = CohenKappa(a, b)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "kappa ex2", k, 0.801, 0.001)
}

func TestCohenKappaKrippendorff1995Digitized(t *testing.T) {
	// Krippendorff (1995: p. 57) observers Bertha and Bill, digitized into 24
	// positions: κ = 0.385 (DKPro Krippendorff1995Test.testDigitizedAgreement),
	// and nominal α = 0.329 on the same data.
	bertha := "001111111100001111110000"
	bill := "000011110000000110000000"
	var a, b []string
	var units [][]string
	for i := range bertha {
		a = append(a, bertha[i:i+1])
		b = append(b, bill[i:i+1])
		units = append(units, []string{bertha[i : i+1], bill[i : i+1]})
	}
	k, err := CohenKappa(a, b)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "kappa", k, 0.385, 0.001)
	al, err := KrippendorffAlphaNominal(units)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "alpha", al, 0.329, 0.001)
}

func TestCohenKappaEdges(t *testing.T) {
	if _, err := CohenKappa([]string{"a"}, []string{"a", "b"}); err == nil {
		t.Error("length mismatch accepted")
	}
	if _, err := CohenKappa(nil, nil); !errors.Is(err, ErrNoData) {
		t.Errorf("empty: %v", err)
	}
	// Both coders use one category throughout: Pe = 1, κ undefined.
	if _, err := CohenKappa([]string{"O", "O"}, []string{"O", "O"}); !errors.Is(err, ErrUndefined) {
		t.Errorf("constant: %v", err)
	}
}

// fleissTable expands per-item category counts into rating rows.
func fleissTable(counts [][]int) [][]string {
	cats := []string{"1", "2", "3", "4", "5"}
	var out [][]string
	for _, row := range counts {
		var item []string
		for c, n := range row {
			for k := 0; k < n; k++ {
				item = append(item, cats[c])
			}
		}
		out = append(out, item)
	}
	return out
}

func TestFleissKappaWikipedia(t *testing.T) {
	// Worked example of the Wikipedia article "Fleiss' kappa": 10 subjects,
	// 14 raters, 5 categories; P̄ = 0.378, P̄e = 0.213, κ = 0.210.
	// (This table is Wikipedia's illustration, not from Fleiss' paper; the
	// paper's own example is tested below.)
	k, err := FleissKappa(fleissTable([][]int{
		{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
		{7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
	}))
	if err != nil {
		t.Fatal(err)
	}
	near(t, "kappa", k, 0.210, 0.001)
}

func TestFleissKappaFleiss1971(t *testing.T) {
	// Fleiss (1971), Psychological Bulletin 76(5), p. 379: 30 patients, 6
	// psychiatrists each, 5 diagnoses; κ = 0.430 (DKPro Fleiss1971Test).
	rows := [][]int{
		{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
		{1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
		{1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
		{3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
		{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
		{2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
	}
	var ratings [][]string
	for _, r := range rows {
		var item []string
		for _, c := range r {
			item = append(item, string(rune('0'+c)))
		}
		ratings = append(ratings, item)
	}
	k, err := FleissKappa(ratings)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "kappa", k, 0.430, 0.001)
}

func TestFleissKappaEdges(t *testing.T) {
	if _, err := FleissKappa([][]string{{"a", "b"}, {"a"}}); err == nil {
		t.Error("ragged ratings accepted")
	}
	if _, err := FleissKappa([][]string{{"a"}}); !errors.Is(err, ErrTooFewAnnotators) {
		t.Errorf("one rater: %v", err)
	}
	if _, err := FleissKappa(nil); !errors.Is(err, ErrNoData) {
		t.Errorf("empty: %v", err)
	}
	if _, err := FleissKappa([][]string{{"a", "a"}, {"a", "a"}}); !errors.Is(err, ErrUndefined) {
		t.Errorf("constant: %v", err)
	}
	// Two raters: Fleiss' kappa equals Scott's π. Artstein & Poesio (2008:
	// p. 558) example: π = 0.341.
	a, b := repeatPairs(20, "STAT", "STAT", 20, "IReq", "STAT", 10, "STAT", "IReq", 50, "IReq", "IReq")
	var items [][]string
	for i := range a {
		items = append(items, []string{a[i], b[i]})
	}
	k, err := FleissKappa(items)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "pi", k, 0.341, 0.001)
}

func TestTokenize(t *testing.T) {
	text := "Don't stop—naïve café, 2024!  日本"
	got := Tokenize(text)
	r := []rune(text)
	var words []string
	for _, f := range got {
		words = append(words, string(r[f.Start:f.End]))
	}
	want := []string{"Don", "'", "t", "stop", "—", "naïve", "café", ",", "2024", "!", "日本"}
	if !reflect.DeepEqual(words, want) {
		t.Errorf("tokens = %q, want %q", words, want)
	}
	// Offsets are code points, not bytes: "naïve" starts at rune 11.
	if got[5] != (Fragment{11, 16}) {
		t.Errorf("naïve at %v, want {11 16}", got[5])
	}
	// Decomposed ï (i + U+0308) stays inside the word.
	if n := len(Tokenize("nai\u0308ve")); n != 1 {
		t.Errorf("decomposed word split into %d tokens", n)
	}
	if Tokenize("   ") != nil {
		t.Error("whitespace produced tokens")
	}
}

func TestTokenTags(t *testing.T) {
	text := "New York City mayor"
	toks := Tokenize(text) // New[0,3) York[4,8) City[9,13) mayor[14,19)
	spans := []Span{
		{Label: "LOC", Fragments: []Fragment{{0, 13}}},
		{Label: "CITY", Fragments: []Fragment{{0, 8}}},   // nested, shorter: wins
		{Label: "ROLE", Fragments: []Fragment{{14, 17}}}, // ends mid-word: covers nothing
	}
	got := TokenTags(toks, spans)
	want := []string{"CITY", "CITY", "LOC", "O"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tags = %v, want %v", got, want)
	}
	// Discontinuous span covers tokens in each fragment.
	got = TokenTags(toks, []Span{{Label: "X", Fragments: []Fragment{{0, 3}, {14, 19}}}})
	if want := []string{"X", "O", "O", "X"}; !reflect.DeepEqual(got, want) {
		t.Errorf("discontinuous tags = %v, want %v", got, want)
	}
}

func TestTokenKappa(t *testing.T) {
	texts := map[string]string{"d1": "Alice met Bob in Paris", "d2": "Nothing here"}
	spans := []Span{
		{Doc: "d1", Annotator: "a", Label: "PER", Fragments: []Fragment{{0, 5}}},
		{Doc: "d1", Annotator: "a", Label: "PER", Fragments: []Fragment{{10, 13}}},
		{Doc: "d1", Annotator: "a", Label: "LOC", Fragments: []Fragment{{17, 22}}},
		{Doc: "d1", Annotator: "b", Label: "PER", Fragments: []Fragment{{0, 5}}},
		{Doc: "d1", Annotator: "b", Label: "LOC", Fragments: []Fragment{{17, 22}}},
	}
	rep, err := TokenKappa(texts, spans, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Tokens: Alice met Bob in Paris Nothing here = 7.
	// a: PER O PER O LOC O O ; b: PER O O O LOC O O.
	// Po = 6/7; marginals a: PER 2, LOC 1, O 4; b: PER 1, LOC 1, O 5.
	// Pe = (2·1 + 1·1 + 4·5)/49 = 23/49; κ = (42/49 − 23/49)/(26/49) = 19/26.
	if rep.Tokens != 7 || len(rep.Pairs) != 1 {
		t.Fatalf("report = %+v", rep)
	}
	nearPtr(t, "cohen", rep.Pairs[0].Kappa, 19.0/26, 1e-12)
	near(t, "observed", rep.Pairs[0].ObservedAgreement, 6.0/7, 1e-12)
	// Fleiss with two raters = Scott's π: pooled PER 3, LOC 2, O 9 of 14.
	// Pe = (9+4+81)/196 = 94/196; π = (6/7 − 94/196)/(1 − 94/196) = 74/102.
	nearPtr(t, "fleiss", rep.Fleiss, 74.0/102, 1e-12)

	if _, err := TokenKappa(texts, spans[:1], nil); !errors.Is(err, ErrTooFewAnnotators) {
		t.Errorf("one annotator: %v", err)
	}
	// Nobody annotated anything: every tag is O, kappa undefined -> nil.
	rep, err = TokenKappa(texts, nil, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pairs[0].Kappa != nil || rep.Fleiss != nil {
		t.Errorf("all-O kappa should be undefined: %+v", rep)
	}
}
