package agreement

import (
	"errors"
	"testing"
)

func TestKrippendorffAlpha2011NominalMissing(t *testing.T) {
	// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
	// section C: 4 observers, 12 units, nominal values with missing data;
	// α = 0.743. Also Krippendorff (2004: p. 230), DKPro
	// Krippendorff2004Test.testMultipleRatersMissingValues: Do = 0.200,
	// De = 0.779. Rows are units, columns observers A–D, "" = missing.
	units := [][]string{
		{"1", "1", "", "1"},
		{"2", "2", "3", "2"},
		{"3", "3", "3", "3"},
		{"3", "3", "3", "3"},
		{"2", "2", "2", "2"},
		{"1", "2", "3", "4"},
		{"4", "4", "4", "4"},
		{"1", "1", "2", "1"},
		{"2", "2", "2", "2"},
		{"", "5", "5", "5"},
		{"", "", "1", "1"},
		{"", "", "3", ""}, // a single value: not pairable, drops out
	}
	a, err := KrippendorffAlphaNominal(units)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "alpha", a, 0.743, 0.001)
	do, de, _ := nominalDisagreement(units)
	near(t, "Do", do, 0.200, 0.001)
	near(t, "De", de, 0.779, 0.001)

	// Missing is not a category: adding an all-missing unit or a fifth,
	// silent observer changes nothing.
	more := append([][]string{{"", "", "", ""}}, units...)
	for i := range more {
		more[i] = append(append([]string{}, more[i]...), "")
	}
	b, err := KrippendorffAlphaNominal(more)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "alpha with missing observer", b, a, 1e-12)
}

func TestKrippendorffAlpha2004Examples(t *testing.T) {
	// Krippendorff (2004: p. 224), binary data, 2 coders, 10 units: α = 0.095.
	var units [][]string
	for _, p := range []string{"10", "11", "01", "00", "00", "01", "00", "01", "00", "00"} {
		units = append(units, []string{p[:1], p[1:]})
	}
	a, err := KrippendorffAlphaNominal(units)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "alpha p.224", a, 0.095, 0.001)

	// Krippendorff (2004: p. 227), 3 categories, 12 units: α = 0.734.
	units = nil
	for _, p := range []string{"aa", "ab", "bb", "bb", "bb", "bb", "bc", "cc", "cc", "cc", "cc", "cc"} {
		units = append(units, []string{p[:1], p[1:]})
	}
	a, err = KrippendorffAlphaNominal(units)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "alpha p.227", a, 0.734, 0.001)
}

func TestKrippendorffAlphaArtsteinPoesio2008(t *testing.T) {
	// Artstein & Poesio (2008: p. 568): α = 0.800 (nominal), as in DKPro
	// ArtsteinPoesio2008Test.testWeightedAgreement.
	a, b := repeatPairs(46, "STAT", "STAT", 6, "IReq", "STAT", 32, "IReq", "IReq", 6, "IReq", "Chck", 10, "Chck", "Chck")
	var units [][]string
	for i := range a {
		units = append(units, []string{a[i], b[i]})
	}
	al, err := KrippendorffAlphaNominal(units)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "alpha", al, 0.800, 0.001)
}

func TestKrippendorffAlphaEdges(t *testing.T) {
	if _, err := KrippendorffAlphaNominal([][]string{{"a", ""}, {"", "b"}}); !errors.Is(err, ErrNoData) {
		t.Errorf("nothing pairable: %v", err)
	}
	if _, err := KrippendorffAlphaNominal([][]string{{"a", "a"}, {"a", "a"}}); !errors.Is(err, ErrUndefined) {
		t.Errorf("single category: %v", err)
	}
}

func TestDocLabelAgreement(t *testing.T) {
	labels := map[string]map[string]string{
		"d1": {"ann": "pos", "bob": "pos", "cy": "pos"},
		"d2": {"ann": "neg", "bob": "neg", "cy": "pos"},
		"d3": {"ann": "neg", "bob": "pos"},
		"d4": {"ann": "pos", "bob": "pos", "cy": "pos"},
	}
	rep, err := DocLabelAgreement(labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ann", "bob", "cy"}; len(rep.Annotators) != 3 || rep.Annotators[2] != want[2] {
		t.Fatalf("annotators = %v", rep.Annotators)
	}
	// ann/bob on d1..d4: pos pos, neg neg, neg pos, pos pos. Po = 3/4;
	// ann: pos 2 neg 2; bob: pos 3 neg 1; Pe = (2·3 + 2·1)/16 = 1/2; κ = 1/2.
	nearPtr(t, "cohen ann/bob", rep.Pairs[0].Kappa, 0.5, 1e-12)
	if rep.FleissDocuments != 3 {
		t.Errorf("fleiss documents = %d, want 3", rep.FleissDocuments)
	}
	// Alpha agrees with the direct call on the same matrix.
	want, _ := KrippendorffAlphaNominal([][]string{
		{"pos", "pos", "pos"}, {"neg", "neg", "pos"}, {"neg", "pos", ""}, {"pos", "pos", "pos"}})
	nearPtr(t, "alpha", rep.Alpha, want, 1e-12)
	if _, err := DocLabelAgreement(labels, []string{"ann"}); !errors.Is(err, ErrTooFewAnnotators) {
		t.Errorf("one annotator: %v", err)
	}
}
