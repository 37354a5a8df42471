package agreement

import (
	"errors"
	"math"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f ± %g", name, got, want, tol)
	}
}

func nearPtr(t *testing.T, name string, got *float64, want, tol float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil (undefined), want %.6f", name, want)
		return
	}
	near(t, name, *got, want, tol)
}

// krippendorff2004Units is the worked example of Krippendorff (2004),
// Content Analysis, 2nd ed., p. 254: two observers, continuum [150, 450),
// categories c and k. Reproduced as in DKPro Statistics'
// unitizing/Krippendorff2004Test.createExample.
func krippendorff2004Units() []Unit {
	return []Unit{
		{0, "c", 225, 70}, {0, "c", 370, 30},
		{1, "c", 220, 80}, {1, "c", 355, 20}, {1, "c", 400, 20},
		{0, "k", 180, 60}, {0, "k", 300, 50},
		{1, "k", 180, 60}, {1, "k", 300, 50},
	}
}

func TestAlphaUKrippendorff2004(t *testing.T) {
	// Distances from the book's example (DKPro Krippendorff2004Test
	// testDistanceMetric2).
	near(t, "d(c225+70, c220+80)", distanceU(segment{225, 70, true}, segment{220, 80, true}), 50, 0)
	near(t, "d(c370+30, c355+20)", distanceU(segment{370, 30, true}, segment{355, 20, true}), 850, 0)
	near(t, "d(gap400+50, c400+20)", distanceU(segment{400, 50, false}, segment{400, 20, true}), 400, 0)

	res, err := AlphaU(150, 300, 2, krippendorff2004Units())
	if err != nil {
		t.Fatal(err)
	}
	// Published: α_u = 0.8591 overall (DKPro testAgreement, tolerance 0.0005);
	// per category (DKPro testCategoryAgreement, tolerance 0.0001):
	// c: Do 0.0144, De 0.0532, α 0.7286; k: Do 0, De 0.0490, α 1.
	nearPtr(t, "alpha", res.Overall.Alpha, 0.8591, 0.0005)
	c, k := res.Labels["c"], res.Labels["k"]
	near(t, "Do(c)", c.ObservedDisagreement, 0.0144, 0.0001)
	near(t, "De(c)", c.ExpectedDisagreement, 0.0532, 0.0001)
	nearPtr(t, "alpha(c)", c.Alpha, 0.7286, 0.0001)
	near(t, "Do(k)", k.ObservedDisagreement, 0, 0.0001)
	near(t, "De(k)", k.ExpectedDisagreement, 0.0490, 0.0001)
	nearPtr(t, "alpha(k)", k.Alpha, 1, 0.0001)
	t.Logf("2004: overall %+v c %+v k %+v", *res.Overall.Alpha, *c.Alpha, *k.Alpha)
}

// krippendorff1995Units is the example of Krippendorff (1995: p. 57), four
// pairs of observers (A: Bertha/Bill, B: John/Jill, C: Gerret/Gill,
// D: Heather/Hill) on a 24-position continuum, each pair's units given a
// category of its own; stretch scales it up as DKPro's createExample does.
func krippendorff1995Units(stretch float64) []Unit {
	s := func(x int) int { return int(float64(x) * stretch) }
	raw := []struct {
		off, n, r int
		c         string
	}{
		{2, 8, 0, "A"}, {14, 6, 0, "A"}, {4, 4, 1, "A"}, {15, 2, 1, "A"},
		{0, 18, 0, "B"}, {0, 2, 1, "B"}, {2, 1, 1, "B"}, {3, 1, 1, "B"}, {4, 1, 1, "B"},
		{5, 1, 1, "B"}, {6, 3, 1, "B"}, {9, 1, 1, "B"},
		{2, 6, 0, "C"}, {10, 2, 0, "C"}, {14, 4, 0, "C"}, {20, 2, 0, "C"},
		{0, 2, 1, "C"}, {4, 4, 1, "C"}, {10, 4, 1, "C"}, {16, 2, 1, "C"}, {20, 2, 1, "C"},
		{0, 2, 0, "D"}, {2, 8, 0, "D"}, {10, 4, 0, "D"}, {14, 6, 0, "D"}, {20, 4, 0, "D"},
		{0, 4, 1, "D"}, {4, 4, 1, "D"}, {8, 7, 1, "D"}, {15, 2, 1, "D"}, {17, 7, 1, "D"},
	}
	var out []Unit
	for _, u := range raw {
		// At stretch < 1 some one-position units of B truncate to length
		// 0 (as in DKPro); categories are measured independently, so
		// dropping them does not affect the others.
		if s(u.n) > 0 {
			out = append(out, Unit{u.r, u.c, s(u.off), s(u.n)})
		}
	}
	return out
}

func TestAlphaUKrippendorff1995(t *testing.T) {
	// Observed disagreements at the original scale, as asserted in DKPro's
	// unitizing/Krippendorff1995Test.testAgreement (tolerance 1e-5).
	res, err := AlphaU(0, 24, 2, krippendorff1995Units(1))
	if err != nil {
		t.Fatal(err)
	}
	for c, want := range map[string]float64{"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715} {
		near(t, "Do("+c+")", res.Labels[c].ObservedDisagreement, want, 0.00001)
	}
	// Krippendorff's 1995 expected disagreements and alphas assume a
	// practically continuous scale; DKPro approximates it by stretching the
	// continuum 50,000-fold and tolerates 0.005 on De and 0.02 on α (it notes
	// a small error in the paper's D_E computation).
	res, err = AlphaU(0, 24*50000, 2, krippendorff1995Units(50000))
	if err != nil {
		t.Fatal(err)
	}
	for c, want := range map[string][2]float64{
		"A": {0.06990, 0.553}, "B": {1.17731, -0.926}, "C": {0.08642, 0.679}, "D": {0.41445, 0.066},
	} {
		near(t, "De("+c+")", res.Labels[c].ExpectedDisagreement, want[0], 0.005)
		nearPtr(t, "alpha("+c+")", res.Labels[c].Alpha, want[1], 0.02)
		t.Logf("%s: Do %.5f De %.5f alpha %.4f", c, res.Labels[c].ObservedDisagreement, res.Labels[c].ExpectedDisagreement, *res.Labels[c].Alpha)
	}
	// Cross-check at full precision: values produced by a line-by-line Java
	// transcription of DKPro's calculateObserved/ExpectedCategoryDisagreement
	// (run outside this repository while writing this package). They differ
	// from the paper's expected disagreements above by up to 0.005, which is
	// why DKPro's own assertions use that tolerance.
	for _, v := range []struct {
		stretch float64
		c       string
		de      float64
	}{
		{1, "A", 0.06447}, {1, "B", 1.08951}, {1, "C", 0.07003}, {1, "D", 0.32080},
		{5, "C", 0.08599}, {50000, "B", 1.17578}, {50000, "C", 0.09050}, {50000, "D", 0.41445},
	} {
		res, err = AlphaU(0, int(24*v.stretch), 2, krippendorff1995Units(v.stretch))
		if err != nil {
			t.Fatal(err)
		}
		near(t, "De("+v.c+") transcription", res.Labels[v.c].ExpectedDisagreement, v.de, 0.000005)
	}

	// DKPro testVaryingLengths: category C as the continuum is stretched
	// (De and α converge to the paper's continuous values).
	for _, v := range []struct {
		stretch, de, deTol, alpha float64
	}{
		{0.5, 0.05494, 0.00001, 0.494},
		{5, 0.08234, 0.005, 0.663},
		{50, 0.08600, 0.005, 0.677},
		{500, 0.08638, 0.005, 0.678},
		{5000, 0.08642, 0.005, 0.679},
	} {
		res, err = AlphaU(0, int(24*v.stretch), 2, krippendorff1995Units(v.stretch))
		if err != nil {
			t.Fatal(err)
		}
		c := res.Labels["C"]
		near(t, "Do(C)", c.ObservedDisagreement, 0.02777, 0.00001)
		near(t, "De(C)", c.ExpectedDisagreement, v.de, v.deTol)
		nearPtr(t, "alpha(C)", c.Alpha, v.alpha, 0.02)
		t.Logf("C at stretch %g: De %.5f alpha %.4f", v.stretch, c.ExpectedDisagreement, *c.Alpha)
	}
}

func TestAlphaUDKProSmallExample(t *testing.T) {
	// DKPro UnitizingAgreementTest.createExample (not from a paper):
	// r0: -11111111-   r1: --1-1-1---
	res, err := AlphaU(0, 10, 2, []Unit{{0, "A", 1, 8}, {1, "A", 2, 1}, {1, "A", 4, 1}, {1, "A", 6, 1}})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Labels["A"]
	near(t, "Do", a.ObservedDisagreement, 0.9100, 0.0001)
	near(t, "De", a.ExpectedDisagreement, 0.5351, 0.0001)
	nearPtr(t, "alpha", a.Alpha, -0.7003, 0.0001)

	// DKPro testSingleAnnotationUnit: 3 raters, one unit → α = 0
	// (hand check: Do = De = 1/600).
	res, err = AlphaU(0, 20, 3, []Unit{{0, "X", 0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "Do single", res.Overall.ObservedDisagreement, 1.0/600, 1e-12)
	near(t, "De single", res.Overall.ExpectedDisagreement, 1.0/600, 1e-12)
	nearPtr(t, "alpha single", res.Overall.Alpha, 0, 1e-12)

	// No units at all: DKPro returns NaN; we return nil (undefined).
	res, err = AlphaU(0, 20, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Overall.Alpha != nil {
		t.Errorf("empty study alpha = %v, want nil", *res.Overall.Alpha)
	}
}

func TestAlphaUDistanceDKPro(t *testing.T) {
	// DKPro UnitizingAgreementTest.testDistanceMetric and
	// Krippendorff2004Test.testDistanceMetric1.
	seg := func(off, n int, unit bool) segment { return segment{off, n, unit} }
	cases := []struct {
		a, b segment
		want float64
	}{
		{seg(0, 1, false), seg(0, 2, false), 0},
		{seg(1, 8, true), seg(0, 2, false), 0},
		{seg(1, 8, true), seg(2, 1, true), 37},
		{seg(1, 8, true), seg(3, 1, false), 0},
		{seg(1, 8, true), seg(4, 1, true), 25},
		{seg(1, 8, true), seg(6, 1, true), 29},
		{seg(9, 2, false), seg(7, 4, false), 0},
		{seg(5, 6, true), seg(4, 2, true), 26},
		{seg(5, 6, true), seg(5, 2, true), 16},
		{seg(5, 6, true), seg(6, 2, true), 10},
		{seg(5, 6, true), seg(7, 2, true), 8},
		{seg(5, 6, true), seg(6, 4, true), 2},
		{seg(5, 6, true), seg(5, 6, true), 0},
	}
	for _, c := range cases {
		near(t, "distance", distanceU(c.a, c.b), c.want, 0)
	}
	near(t, "40a", distanceU(seg(2, 3, false), seg(2, 2, true))+distanceU(seg(5, 6, true), seg(4, 7, false)), 40, 0)
	near(t, "40b", distanceU(seg(3, 2, false), seg(3, 2, true))+distanceU(seg(5, 6, true), seg(5, 6, false)), 40, 0)
}

func TestAlphaUHandComputed(t *testing.T) {
	// Two raters, L = 10, identical unit [2,5) of X: Do = 0.
	// De by hand: N=2, l=3: each unit (N−1)(2·27−27+3)/3 = 10; gaps per
	// rater 2 and 5 → fitting positions (5−3+1) = 3 per rater → 6; l²·6 = 54.
	// Σ = 2·(10+54) = 128; ·2/L = 25.6; denominator R·L(R·L−1) − Σl(l−1)
	// = 20·19 − 12 = 368; De = 25.6/368.
	res, err := AlphaU(0, 10, 2, []Unit{{0, "X", 2, 3}, {1, "X", 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "De", res.Labels["X"].ExpectedDisagreement, 25.6/368, 1e-12)
	nearPtr(t, "alpha", res.Labels["X"].Alpha, 1, 1e-12)

	// Rater 1 shifts its unit by one: [3,6). Do = 2·(1²+1²)/(2·1·100) = 0.02.
	res, _ = AlphaU(0, 10, 2, []Unit{{0, "X", 2, 3}, {1, "X", 3, 3}})
	near(t, "Do shifted", res.Labels["X"].ObservedDisagreement, 0.02, 1e-12)

	// Overlapping units of one rater and category are merged.
	res, _ = AlphaU(0, 10, 2, []Unit{{0, "X", 2, 3}, {0, "X", 4, 3}, {1, "X", 2, 5}})
	if res.MergedUnits != 1 {
		t.Errorf("merged = %d, want 1", res.MergedUnits)
	}
	nearPtr(t, "alpha merged", res.Labels["X"].Alpha, 1, 1e-12)

	if _, err := AlphaU(0, 10, 1, nil); !errors.Is(err, ErrTooFewAnnotators) {
		t.Errorf("one rater: err = %v", err)
	}
	if _, err := AlphaU(0, 10, 2, []Unit{{0, "X", 8, 5}}); err == nil {
		t.Error("unit past the continuum accepted")
	}
}
